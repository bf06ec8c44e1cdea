// The Electron host of the staff API: one ipcMain handler for the staff window, dispatching through
// the shared schemas; answers carry an HTTP-like status so the page handles a locked session the
// same way in Electron and on the web host.
import type { IpcMain } from 'electron';
import type { StaffHandlers } from '../../shared/api/staffApi.ts';
import { BoothApiError } from '../../shared/api/dispatch.ts';
import { dispatchStaffCall, StaffAuthError } from '../../shared/api/staffDispatch.ts';
import { IPC_STAFF_CALL_CHANNEL } from '../preload/staffBridgeNames.ts';

export function registerStaffIpc(ipcMain: IpcMain, handlers: StaffHandlers, allowed: (senderId: number, senderUrl: string) => boolean, log: (line: string) => void): () => void {
  ipcMain.handle(IPC_STAFF_CALL_CHANNEL, async (event, name: unknown, input: unknown, token: unknown) => {
    if (!allowed(event.sender.id, event.senderFrame?.url ?? '')) {
      log(`staff API call ${String(name)} refused: not from the staff window`);
      return { status: 403, body: { error: 'the staff API answers the staff window only' } };
    }
    try {
      return { status: 200, body: await dispatchStaffCall(handlers, name, input, token) };
    } catch (error) {
      const status = error instanceof BoothApiError || error instanceof StaffAuthError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      log(`staff API call ${String(name)} failed (${status}): ${message}`);
      return { status, body: { error: message } };
    }
  });
  return () => ipcMain.removeHandler(IPC_STAFF_CALL_CHANNEL);
}
