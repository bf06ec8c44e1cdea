// The staff screen on the booth's LAN (the operator enables it): a second listener of the web host,
// HTTPS with the booth's own certificate, bound to the LAN address, serving only the staff page
// and the staff API behind the PIN (its wrong PINs counted apart from the booth's). Its pairing text is what the staff screen's QR code carries.
import { networkInterfaces } from 'node:os';
import type { StaffCallOutput } from '../../../shared/api/staffApi.ts';
import type { BoothApiHandlers } from '../openBooth.ts';
import { loadLanCertificate } from './lanCertificate.ts';
import { startWebHost } from './webHost.ts';

export interface LanStaffHost {
  pairing: StaffCallOutput<'staff.pairing'>;
  close(): Promise<void>;
}

/** The booth's first non-internal IPv4 address, or null off any network. */
export function lanAddress(): string | null {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

export async function startLanStaffHost(options: { handlers: BoothApiHandlers; rendererDir: string; certDir: string; address: string; port: number; log?: (line: string) => void }): Promise<LanStaffHost> {
  const tls = await loadLanCertificate(options.certDir, 'GradBooth staff screen', [options.address]);
  const host = await startWebHost({ handlers: options.handlers.handlers, staffHandlers: options.handlers.lanStaffHandlers, rendererDir: options.rendererDir, host: options.address, port: options.port, tls, staffOnly: true, ...(options.log ? { log: options.log } : {}) });
  const lanUrl = `${host.url}/staff.html`;
  return {
    // the fragment never reaches the network: it carries the fingerprint to compare on the tablet
    pairing: { lanUrl, fingerprint: tls.fingerprint, pairingText: `${lanUrl}#sha256=${tls.fingerprint.replaceAll(':', '')}` },
    close: () => host.close(),
  };
}
