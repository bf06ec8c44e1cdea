// The one bridge between the kiosk renderer and the booth: exposes the booth API's raw call and
// event subscription (validated on both sides by shared/api) under window.gradbooth.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PRELOAD_GLOBAL } from '../../shared/api/boothApi.ts';

const IPC_CALL_CHANNEL = 'booth:call';
const IPC_EVENT_CHANNEL = 'booth:event';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, {
  call: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input),
  on(event: string, listener: (payload: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
});
