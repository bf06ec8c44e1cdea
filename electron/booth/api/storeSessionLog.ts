// The booth API's session log over the durable core: SessionService (each transition a row,
// personal data and captures sealed) and the store's acceptSubmission behind its submit.
import type { SessionService } from '../session/sessionService.ts';
import type { SessionLog } from './boothPorts.ts';

export function storeSessionLog(sessions: SessionService): SessionLog {
  return {
    start: (sessionId) => void sessions.start(sessionId),
    async moveTo(sessionId, state, data = {}) {
      await sessions.moveTo(sessionId, state, data);
    },
    async saveCapture(sessionId, photos) {
      await sessions.saveCapture(sessionId, photos);
    },
    submit: (sessionId, data) => sessions.submit(sessionId, data),
  };
}
