// The Electron host of the booth API (ARCHITECTURE §2): one ipcMain handler dispatching every
// call through the shared schemas, and events pushed to the kiosk window.
import type { IpcMain, WebContents } from 'electron';
import type { BoothEventName, BoothEventPayload, BoothHandlers } from '../../shared/api/boothApi.ts';
import { BoothApiError, checkBoothEvent, dispatchBoothCall } from '../../shared/api/dispatch.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../preload/bridgeNames.ts';

export { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL };

export function registerBoothIpc(ipcMain: IpcMain, handlers: BoothHandlers, log: (line: string) => void): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (_event, name: unknown, input: unknown) => {
    try {
      return await dispatchBoothCall(handlers, name, input);
    } catch (error) {
      const status = error instanceof BoothApiError ? error.status : 500;
      log(`booth API call ${String(name)} failed (${status}): ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

export function emitBoothEvent<E extends BoothEventName>(target: WebContents, event: E, payload: BoothEventPayload<E>): void {
  target.send(IPC_EVENT_CHANNEL, event, checkBoothEvent(event, payload));
}
