// The server side of a WebSocket (RFC 6455) reduced to what the booth API's event channel needs:
// accept the upgrade, push text frames, answer ping and close. Small enough to own instead of a
// dependency; clients never send data on this channel, only control frames.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface PushSocket {
  send(text: string): void;
  close(): void;
  readonly closed: boolean;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = length;
  else if (length < 65536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Completes the upgrade; returns null (and ends the socket) if the request is not a WebSocket handshake. */
export function acceptPushSocket(req: IncomingMessage, socket: Duplex, onClose: () => void): PushSocket | null {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return null;
  }
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    onClose();
  };
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    // control frames from the client are small and masked (client frames always are)
    while (pending.length >= 2) {
      const opcode = (pending[0] ?? 0) & 0x0f;
      let length = (pending[1] ?? 0) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        socket.destroy();
        return;
      }
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 0x8) {
        socket.end(frame(0x8, Buffer.alloc(0)));
        finish();
        return;
      }
      if (opcode === 0x9) socket.write(frame(0xa, payload));
    }
  });
  socket.on('close', finish);
  socket.on('error', finish);
  return {
    send(text) {
      if (!closed) socket.write(frame(0x1, Buffer.from(text, 'utf8')));
    },
    close() {
      if (!closed) socket.end(frame(0x8, Buffer.alloc(0)));
      finish();
    },
    get closed() {
      return closed;
    },
  };
}
