// The booth API's event channel: one WebSocket per kiosk page, on which the host only pushes. The
// protocol is the `ws` library's: it closes a connection that breaks RFC 6455 (an unmasked frame, a
// control frame over 125 bytes or fragmented, a bad opcode) or sends a message over the 1 KiB this
// channel allows (clients send nothing but control frames). The limits below keep one bad client from
// costing the host memory or the other kiosks their events.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';

const LIMITS = {
  /** the largest message a client may send; a kiosk page sends none */
  maxPayload: 1024,
  /** pongs owed to a client that pings faster than it reads them: then it is cut off (a ping flood) */
  maxPendingAutoPongs: 8,
  /** events waiting for a client that stopped reading: then it is cut off (it reconnects when it reads again) */
  maxBufferedBytes: 1024 * 1024,
} as const;

export interface EventChannel {
  /** completes a WebSocket handshake on this channel (ws answers 400 to one that is not) */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(text: string): void;
  close(): void;
}

export function createEventChannel(log: (line: string) => void): EventChannel {
  // maxPendingAutoPongs is newer than @types/ws
  const options: ServerOptions & { maxPendingAutoPongs: number } = { noServer: true, perMessageDeflate: false, maxPayload: LIMITS.maxPayload, maxPendingAutoPongs: LIMITS.maxPendingAutoPongs };
  const server = new WebSocketServer(options);
  return {
    accept(req, socket, head) {
      server.handleUpgrade(req, socket, head, (client) => {
        // ws has already sent the close frame for a protocol error; without a listener the error would throw
        client.on('error', (error) => log(`event channel client dropped: ${error.message}`));
      });
    },
    broadcast(text) {
      for (const client of server.clients) {
        if (client.readyState !== WebSocket.OPEN) continue;
        if (client.bufferedAmount > LIMITS.maxBufferedBytes) {
          log('event channel client dropped: it stopped reading its events');
          client.terminate();
          continue;
        }
        client.send(text);
      }
    },
    close() {
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
}
