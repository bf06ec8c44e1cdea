// The web host (ARCHITECTURE §2): serves the built renderer, the booth API and the staff API on
// loopback — calls as HTTP POST, events over a WebSocket — for development, tests and Chromium,
// where Electron is absent. The same routes serve the staff screen over HTTPS on the LAN
// (staffOnly: no kiosk API there, so a device on the LAN cannot drive the student's session).
// Every request first passes the request target parser and the request guard (Host, Origin, body
// type), and no request can throw out of the listener: a bad one is answered, never fatal.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WEB_API_CALL_PATH, WEB_API_EVENTS_PATH, type BoothEventName, type BoothEventPayload, type BoothHandlers } from '../../../shared/api/boothApi.ts';
import { BoothApiError, checkBoothEvent, dispatchBoothCall } from '../../../shared/api/dispatch.ts';
import { WEB_STAFF_CALL_PATH, type StaffHandlers } from '../../../shared/api/staffApi.ts';
import { dispatchStaffCall, StaffAuthError } from '../../../shared/api/staffDispatch.ts';
import { guardRequest, type GuardPolicy, type GuardVerdict } from '../../../shared/http/requestGuard.ts';
import { createEventChannel } from './eventChannel.ts';
import { requestPath } from './requestTarget.ts';

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

/**
 * The headers of every answer, kept in this one place (cross-origin isolation, COOP/COEP, belongs
 * here too): no other site may frame, embed or sniff the booth's pages, nor learn their URLs.
 */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  // not no-referrer: with it, a browser's form post says `Origin: null`, which the guard refuses
  'referrer-policy': 'same-origin',
} as const;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { ...SECURITY_HEADERS, location }).end();
}

/** The names a browser may address this listener by: its address, and `localhost` for loopback. */
function hostNames(address: string, port: number): string[] {
  return address === '127.0.0.1' ? [`127.0.0.1:${port}`, `localhost:${port}`] : [`${address}:${port}`];
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? (() => {});
  const events = createEventChannel(log);
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
    const relative = pathname === '/' ? '/index.html' : pathname;
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
  // the port is known once the server listens, before any request can arrive
  let policy: GuardPolicy = { hosts: [], bodyTypes: ['application/json'] };
  const guard = (req: IncomingMessage, upgrade: boolean): GuardVerdict =>
    guardRequest({ method: req.method ?? '', host: req.headers.host, origin: req.headers.origin, contentType: req.headers['content-type'], upgrade }, policy);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = requestPath(req.url);
    if (pathname === null) return send(res, 400, 'text/plain', 'bad request target');
    const verdict = guard(req, false);
    if (!verdict.ok) return send(res, verdict.status, 'text/plain', verdict.message);
    const staff = options.staffHandlers;
    if (pathname === WEB_STAFF_CALL_PATH && req.method === 'POST' && staff) {
      return handleCall(req, res, (call, input) => dispatchStaffCall(staff, call, input, staffToken(req)));
    }
    // the staff page's assets are relative to the root, where Vite built them
    if (pathname === '/staff' || pathname === '/staff/' || (options.staffOnly && pathname === '/')) return redirect(res, '/staff.html');
    if (options.staffOnly && (pathname === WEB_API_CALL_PATH || pathname === '/index.html')) return send(res, 404, 'text/plain', 'the kiosk is not served on the LAN listener');
    if (pathname === WEB_API_CALL_PATH && req.method === 'POST') return handleCall(req, res, (call, input) => dispatchBoothCall(options.handlers, call, input));
    if (req.method === 'GET') return handleStatic(pathname, res);
    return send(res, 405, 'text/plain', 'method not allowed');
  }

  const listener: RequestListener = (req, res) => {
    route(req, res).catch((error: unknown) => {
      log(`web host request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (res.headersSent) res.destroy();
      else send(res, 500, 'text/plain', 'internal error');
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgraded socket over without its error listener: a reset must not throw
    socket.on('error', () => socket.destroy());
    const verdict = guard(req, true);
    if (options.staffOnly || requestPath(req.url) !== WEB_API_EVENTS_PATH) socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
    else if (!verdict.ok) socket.end(`HTTP/1.1 ${verdict.status} Forbidden\r\nconnection: close\r\n\r\n`);
    else events.accept(req, socket, head);
  });
  // a proxy request: Node would drop the connection unanswered
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('web host has no port');
  const url = `${options.tls ? 'https' : 'http'}://${address.address}:${address.port}`;
  policy = { ...policy, hosts: hostNames(address.address, address.port) };

  return {
    url,
    emit(event, payload) {
      events.broadcast(JSON.stringify({ event, payload: checkBoothEvent(event, payload) }));
    },
    async close() {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
