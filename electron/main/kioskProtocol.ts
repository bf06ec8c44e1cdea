// Serves the built renderer to the kiosk window under booth://kiosk/ instead of file://: pages on
// file:// cannot fetch() their own wasm and model files, which tasks-vision and zxing-wasm need,
// and a standard secure scheme gives the page a real origin for its CSP and camera permission.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';

export const KIOSK_SCHEME = 'booth';
export const KIOSK_ORIGIN = `${KIOSK_SCHEME}://kiosk`;

/** Call before app 'ready'. */
export function registerKioskScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: KIOSK_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

/** The file under `rendererDir` that a booth:// URL names, or null for anything outside it. */
export function kioskFile(rendererDir: string, url: string): string | null {
  const { host, pathname } = new URL(url);
  if (host !== 'kiosk') return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
  return file.startsWith(root + path.sep) ? file : null;
}

/** Call after app 'ready'. */
export function serveKiosk(protocol: Protocol, net: Net, rendererDir: string): void {
  protocol.handle(KIOSK_SCHEME, (request) => {
    const file = kioskFile(rendererDir, request.url);
    return file ? net.fetch(pathToFileURL(file).toString()) : new Response('not found', { status: 404 });
  });
}
