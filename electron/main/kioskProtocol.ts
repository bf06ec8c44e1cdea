// Serves the built renderer to the kiosk window under booth://kiosk/ instead of file://: pages on
// file:// cannot fetch() their own wasm and model files, which tasks-vision and zxing-wasm need,
// and a standard secure scheme gives the page a real origin for its CSP and camera permission.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

export const KIOSK_SCHEME = 'booth';
export const KIOSK_HOST = 'kiosk';
export const KIOSK_ORIGIN = `${KIOSK_SCHEME}://${KIOSK_HOST}`;
export const KIOSK_START_URL = `${KIOSK_ORIGIN}/index.html`;

/** Whether a URL is one of the kiosk's own pages (URL.origin is "null" for custom schemes, so compare the parts). */
export function isKioskUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${KIOSK_SCHEME}:` && parsed.host === KIOSK_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * The kiosk pages' Content-Security-Policy, sent with every booth:// response (the built
 * renderer's own <meta> policy is looser because the web host also needs ws: for its API).
 * Everything loads from the kiosk's own origin; tasks-vision compiles wasm ('wasm-unsafe-eval',
 * no 'unsafe-eval'), runs in module and blob: workers and fetches its models from 'self'; the
 * camera stream plays as mediastream:/blob:; React's inline style attributes need style-src
 * 'unsafe-inline' (styles only, never scripts). No network origin at all: the renderer reaches
 * the booth and the review service only through the preload's IPC.
 */
export const KIOSK_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' data: blob:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A booth:// response with the kiosk's security headers added (the body and status unchanged). */
export function withKioskHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', KIOSK_CSP);
  headers.set('Referrer-Policy', 'no-referrer');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Call before app 'ready'. */
export function registerKioskScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: KIOSK_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

/** The file under `rendererDir` that a booth:// URL names, or null for anything outside it. */
export function kioskFile(rendererDir: string, url: string): string | null {
  const { host, pathname } = new URL(url);
  if (host !== KIOSK_HOST) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
  return file.startsWith(root + path.sep) ? file : null;
}

/** Call after app 'ready'. */
export function serveKiosk(protocol: Protocol, net: Net, rendererDir: string): void {
  protocol.handle(KIOSK_SCHEME, async (request) => {
    const file = kioskFile(rendererDir, request.url);
    return withKioskHeaders(file ? await net.fetch(pathToFileURL(file).toString()) : new Response('not found', { status: 404 }));
  });
}
