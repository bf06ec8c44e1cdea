// The staff window's bridge: the staff API's raw call (validated in the page by shared/api) under
// window.gradboothStaff, and nothing else. Sandboxed and CommonJS like the kiosk's preload: it
// imports nothing but 'electron' and ./staffBridgeNames.ts.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_STAFF_CALL_CHANNEL, STAFF_BRIDGE_GLOBAL } from './staffBridgeNames.ts';

contextBridge.exposeInMainWorld(STAFF_BRIDGE_GLOBAL, {
  call: (name: string, input: unknown, token: string): Promise<unknown> => ipcRenderer.invoke(IPC_STAFF_CALL_CHANNEL, name, input, token),
});
