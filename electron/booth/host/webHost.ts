// The web host (ARCHITECTURE §2): serves the built renderer, the booth API and the staff API on
// loopback — calls as HTTP POST, events over a WebSocket — for development, tests and Chromium,
// where Electron is absent. The same routes serve the staff screen over HTTPS on the LAN
// (staffOnly: no kiosk API there, so a device on the LAN cannot drive the student's session).
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WEB_API_CALL_PATH, WEB_API_EVENTS_PATH, type BoothEventName, type BoothEventPayload, type BoothHandlers } from '../../../shared/api/boothApi.ts';
import { BoothApiError, checkBoothEvent, dispatchBoothCall } from '../../../shared/api/dispatch.ts';
import { WEB_STAFF_CALL_PATH, type StaffHandlers } from '../../../shared/api/staffApi.ts';
import { dispatchStaffCall, StaffAuthError } from '../../../shared/api/staffDispatch.ts';
import { acceptPushSocket, type PushSocket } from './webSocketPush.ts';

/** A capture carries a full-resolution JPEG plus the person mask, base64 in JSON. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.woff2': 'font/woff2', '.woff': 'font/woff',
  '.task': 'application/octet-stream', '.tflite': 'application/octet-stream',
};

export interface WebHostOptions {
  handlers: BoothHandlers;
  /** the built renderer (index.html and its assets) */
  rendererDir: string;
  /** 0 picks a free port */
  port?: number;
  /** loopback by default; the staff-from-a-tablet listener binds the LAN address */
  host?: string;
  staffHandlers?: StaffHandlers;
  /** HTTPS with this key and certificate (the LAN listener) */
  tls?: { key: string; cert: string };
  /** serve only the staff page and the staff API (the LAN listener) */
  staffOnly?: boolean;
  log?: (line: string) => void;
}

export interface WebHost {
  readonly url: string;
  emit<E extends BoothEventName>(event: E, payload: BoothEventPayload<E>): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_BODY_BYTES) throw new BoothApiError(400, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? (() => {});
  const sockets = new Set<PushSocket>();
  const root = path.resolve(options.rendererDir);

  async function handleCall(req: IncomingMessage, res: ServerResponse, dispatch: (call: unknown, input: unknown) => Promise<unknown>): Promise<void> {
    try {
      const message = JSON.parse(await readBody(req)) as { call?: unknown; input?: unknown };
      const output = await dispatch(message.call, message.input);
      send(res, 200, 'application/json', JSON.stringify(output));
    } catch (error) {
      const status = error instanceof BoothApiError || error instanceof StaffAuthError ? error.status : error instanceof SyntaxError ? 400 : 500;
      const message = error instanceof Error ? error.message : String(error);
      log(`booth API call failed (${status}): ${message}`);
      send(res, status, 'application/json', JSON.stringify({ error: message }));
    }
  }

  async function handleStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    const file = path.resolve(root, '.' + relative);
    if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(res, 404, 'text/plain', `not found: ${pathname}`);
    }
  }

  const staffToken = (req: IncomingMessage): string => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const listener: RequestListener = (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://booth').pathname;
    const staff = options.staffHandlers;
    if (pathname === WEB_STAFF_CALL_PATH && req.method === 'POST' && staff) {
      void handleCall(req, res, (call, input) => dispatchStaffCall(staff, call, input, staffToken(req)));
    } else if (pathname === '/staff' || pathname === '/staff/' || (options.staffOnly && pathname === '/')) {
      // the staff page's assets are relative to the root, where Vite built them
      res.writeHead(302, { location: '/staff.html' }).end();
    } else if (options.staffOnly && (pathname === WEB_API_CALL_PATH || pathname === '/index.html')) {
      send(res, 404, 'text/plain', 'the kiosk is not served on the LAN listener');
    } else if (pathname === WEB_API_CALL_PATH && req.method === 'POST') {
      void handleCall(req, res, (call, input) => dispatchBoothCall(options.handlers, call, input));
    } else if (req.method === 'GET') void handleStatic(pathname, res);
    else send(res, 405, 'text/plain', 'method not allowed');
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  server.on('upgrade', (req, socket) => {
    if (options.staffOnly || new URL(req.url ?? '/', 'http://booth').pathname !== WEB_API_EVENTS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const push = acceptPushSocket(req, socket, () => sockets.delete(push as PushSocket));
    if (push) sockets.add(push);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('web host has no port');
  const url = `${options.tls ? 'https' : 'http'}://${address.address}:${address.port}`;

  return {
    url,
    emit(event, payload) {
      const text = JSON.stringify({ event, payload: checkBoothEvent(event, payload) });
      for (const socket of sockets) socket.send(text);
    },
    async close() {
      for (const socket of sockets) socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
