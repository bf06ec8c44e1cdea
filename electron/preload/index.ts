// The one bridge between the kiosk renderer and the booth: exposes the booth API's raw call and
// event subscription (validated on both sides by shared/api) under window.gradbooth.
// Runs sandboxed and is built as CommonJS (electron.vite.config.ts): import nothing but 'electron'
// and ./bridgeNames.ts, or the sandbox's require() fails at load and the kiosk has no booth API.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from './bridgeNames.ts';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, {
  call: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input),
  on(event: string, listener: (payload: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
});
