// The booth served to browsers: the kiosk and staff pages with their APIs on loopback, and when
// asked the staff page over HTTPS on the LAN. `npm start` without Electron and the browser tests
// wire the booth this one way. The handlers need the hosts (events, pairing) and the hosts need
// the handlers, so the hosts are bound late.
import { boothApiHandlers, type Booth } from '../openBooth.ts';
import { startLanStaffHost, type LanStaffHost } from './lanStaffHost.ts';
import { startWebHost, type WebHost } from './webHost.ts';

export interface ServeBoothOptions {
  rendererDir: string;
  modelsDir: string;
  /** the loopback port; 0 or absent picks a free one */
  port?: number;
  /** the LAN listener for the operator's tablet */
  lan?: { address: string; port: number; certDir: string };
  log?: (line: string) => void;
}

export interface ServedBooth {
  host: WebHost;
  lan: LanStaffHost | null;
  /** closes the listeners; the booth itself stays open (its owner closes it) */
  close(): Promise<void>;
}

export async function serveBooth(booth: Booth, options: ServeBoothOptions): Promise<ServedBooth> {
  let host: WebHost | null = null;
  let lan: LanStaffHost | null = null;
  const handlers = boothApiHandlers(booth, {
    modelsDir: options.modelsDir,
    emit: (event, payload) => host?.emit(event, payload),
    pairing: () => lan?.pairing,
  });
  const log = options.log ? { log: options.log } : {};
  host = await startWebHost({ ...handlers, rendererDir: options.rendererDir, port: options.port ?? 0, ...log });
  if (options.lan) lan = await startLanStaffHost({ handlers, rendererDir: options.rendererDir, ...options.lan, ...log });
  const served = { host, lan };
  return {
    ...served,
    close: async () => {
      await Promise.all([served.host.close(), served.lan?.close()]);
    },
  };
}
