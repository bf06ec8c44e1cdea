// The staff screen's LAN listener on a real HTTPS server on loopback, with the booth's own
// self-signed certificate: the page and the staff API are served over TLS, the fingerprint the
// pairing QR carries is the one the server presents, the certificate survives a restart, and the
// kiosk's API is not reachable from the LAN at all.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { boothApiHandlers, openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { startLanStaffHost, type LanStaffHost } from '../../electron/booth/host/lanStaffHost.ts';
import { modelsDir } from '../../scripts/models.ts';
import { INITIAL_PIN } from '../../electron/booth/staff/staffPin.ts';
import { makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

interface Answer { status: number; headers: Record<string, unknown>; body: string; fingerprint: string }

function httpsCall(url: string, options: { ca?: string; method?: string; body?: unknown; token?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      ...(options.ca ? { ca: options.ca } : {}),
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    }, (res) => {
      let body = '';
      const fingerprint = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256 ?? '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprint }));
    });
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

describe('the staff screen over HTTPS on the LAN', () => {
  let root = '';
  let booth: Booth;
  let lan: LanStaffHost;
  const certDir = () => path.join(root, 'data', 'lan-tls');
  const start = async () => {
    const handlers = boothApiHandlers(booth, { modelsDir, emit: () => {} });
    return startLanStaffHost({ handlers, rendererDir: path.join(root, 'renderer'), certDir: certDir(), address: '127.0.0.1', port: 0 });
  };

  beforeAll(async () => {
    root = await makeTempDir('staff-lan');
    await mkdir(path.join(root, 'renderer'), { recursive: true });
    await writeFile(path.join(root, 'renderer', 'staff.html'), '<!doctype html><title>staff page</title>');
    await writeFile(path.join(root, 'renderer', 'index.html'), '<!doctype html><title>kiosk page</title>');
    booth = await openBooth({ appVersion: 'test', demo: true, dataDir: path.join(root, 'data'), serviceUrl: 'http://127.0.0.1:9' });
    lan = await start();
  });

  afterAll(async () => {
    await lan?.close();
    await booth?.close();
    await removeDir(root);
  });

  test('serves the staff page over TLS with the certificate whose fingerprint the pairing QR carries', async () => {
    const cert = await readFile(path.join(certDir(), 'lan-cert.pem'), 'utf8');
    const { lanUrl, fingerprint, pairingText } = lan.pairing;
    expect(lanUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/staff\.html$/);
    expect(fingerprint).toBe(new X509Certificate(cert).fingerprint256);
    expect(pairingText).toBe(`${lanUrl}#sha256=${fingerprint?.replaceAll(':', '')}`);

    const page = await httpsCall(lanUrl ?? '', { ca: cert });
    expect(page.status).toBe(200);
    expect(page.body).toContain('staff page');
    // what the tablet checks: the certificate the server presents is the paired one
    expect(page.fingerprint).toBe(fingerprint);
    // without the booth's certificate as trust anchor, TLS refuses it (it is self-signed, not a plain HTTP page)
    await expect(httpsCall(lanUrl ?? '')).rejects.toThrow(/self[- ]signed/i);
  });

  test('only the staff side is on the LAN: the root leads to the staff page, the kiosk API and page are not there', async () => {
    const cert = await readFile(path.join(certDir(), 'lan-cert.pem'), 'utf8');
    const base = new URL(lan.pairing.lanUrl ?? '').origin;
    const rootPage = await httpsCall(`${base}/`, { ca: cert });
    expect([rootPage.status, rootPage.headers.location]).toEqual([302, '/staff.html']);
    expect((await httpsCall(`${base}/api/call`, { ca: cert, method: 'POST', body: { call: 'booth.config', input: {} } })).status).toBe(404);
    expect((await httpsCall(`${base}/index.html`, { ca: cert })).status).toBe(404);
  });

  test('the staff API over TLS needs a PIN session, and the initial PIN only allows changing it', async () => {
    const cert = await readFile(path.join(certDir(), 'lan-cert.pem'), 'utf8');
    const call = (name: string, input: unknown, token?: string) => httpsCall(`${new URL(lan.pairing.lanUrl ?? '').origin}/api/staff/call`, { ca: cert, method: 'POST', body: { call: name, input }, ...(token ? { token } : {}) });
    expect((await call('staff.queue', {})).status).toBe(401);
    const login = JSON.parse((await call('staff.login', { pin: INITIAL_PIN })).body) as { ok: boolean; token: string; mustChangePin: boolean };
    expect(login).toMatchObject({ ok: true, mustChangePin: true });
    expect((await call('staff.queue', {}, login.token)).status).toBe(403);
    expect(JSON.parse((await call('staff.changePin', { currentPin: INITIAL_PIN, newPin: '864209' }, login.token)).body)).toEqual({ ok: true });
    const queue = await call('staff.queue', {}, login.token);
    expect(queue.status).toBe(200);
    expect(JSON.parse(queue.body)).toMatchObject({ enrolled: false, counts: { queued: 0 } });
  });

  test('a restart presents the same certificate, so a paired tablet stays paired', async () => {
    const before = lan.pairing.fingerprint;
    await lan.close();
    lan = await start();
    expect(lan.pairing.fingerprint).toBe(before);
  });
});
