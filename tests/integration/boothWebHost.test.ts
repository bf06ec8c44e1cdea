// The web host of the booth API on a real loopback server: the contract is enforced on every call,
// steps cannot be skipped, and events reach the renderer over the WebSocket.
import { createConnection } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WEB_API_CALL_PATH, WEB_API_EVENTS_PATH } from '../../shared/api/boothApi.ts';
import { createBoothHandlers } from '../../electron/booth/api/boothHandlers.ts';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import { openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { startWebHost, type WebHost } from '../../electron/booth/host/webHost.ts';

let host: WebHost;
let booth: Booth;
let rendererDir: string;

async function call(name: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(host.url + WEB_API_CALL_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call: name, input }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A minimal WebSocket client (handshake + unmasked server text frames), so the test depends on nothing but Node. */
function openEvents(): Promise<{ messages: string[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const url = new URL(host.url);
    const socket = createConnection(Number(url.port), url.hostname);
    const messages: string[] = [];
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(`GET ${WEB_API_EVENTS_PATH} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101') || !head.includes('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')) reject(new Error(`bad handshake: ${head}`));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve({ messages, close: () => socket.destroy() });
      }
      while (buffer.length >= 2) {
        let length = (buffer[1] ?? 0) & 0x7f;
        let offset = 2;
        if (length === 126) {
          length = buffer.readUInt16BE(2);
          offset = 4;
        }
        if (buffer.length < offset + length) return;
        messages.push(buffer.subarray(offset, offset + length).toString('utf8'));
        buffer = buffer.subarray(offset + length);
      }
    });
  });
}

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  booth = await openBooth({ appVersion: 'test', demo: true, dataDir: await mkdtemp(path.join(tmpdir(), 'gradbooth-booth-')), serviceUrl: 'http://127.0.0.1:5740' });
  host = await startWebHost({ handlers: createBoothHandlers(booth.ports), rendererDir });
});

afterAll(async () => {
  await host.close();
  await booth.close();
});

describe('the booth API over the web host', () => {
  test('the web host listens on loopback only and serves the renderer but nothing outside it', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    expect(await (await fetch(host.url + '/')).text()).toContain('<title>kiosk</title>');
    expect((await fetch(host.url + '/..%2f..%2fetc%2fpasswd')).status).not.toBe(200);
  });

  test('a call that breaks the contract is refused with 400 and says what is wrong; an unknown call is 404', async () => {
    const bad = await call('session.verify', { sessionId: 'x', last4: '12a4' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toContain('last4');
    expect((await call('session.format', {})).status).toBe(404);
  });

  test('a session cannot skip consent: capture before confirm is refused as out of order', async () => {
    const scanned = await call('session.scan', { code: DEMO_ROSTER[0]?.code, source: 'wedge' });
    expect(scanned.body.ok).toBe(true);
    const sessionId = String(scanned.body.sessionId);
    const verified = await call('session.verify', { sessionId, last4: DEMO_ROSTER[0]?.last4 });
    expect(verified.body.ok).toBe(true);
    const capture = await call('session.capture', { sessionId, jpegBase64: 'AAAA', analysis: { width: 1, height: 1, faces: [], mask: null, timings: {} } });
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ ok: false, error: { code: 'out_of_order' } });
  });

  test('an abandoned session is gone: its next step is told to scan again', async () => {
    const scanned = await call('session.scan', { code: DEMO_ROSTER[0]?.code, source: 'camera' });
    const sessionId = String(scanned.body.sessionId);
    expect((await call('session.abandon', { sessionId, reason: 'timeout' })).body).toEqual({ ok: true });
    expect((await call('session.verify', { sessionId, last4: DEMO_ROSTER[0]?.last4 })).body).toMatchObject({ ok: false, error: { code: 'no_session' } });
    // the store recorded the whole short life of the session
    expect(booth.store.sessions.transitions(sessionId).map((t) => t.to)).toEqual(['scanned', 'abandoned']);
  });

  test('booth events reach a connected kiosk over the WebSocket, validated against the contract', async () => {
    const events = await openEvents();
    try {
      host.emit('session.ended', { sessionId: '01J0000000000000000000000A', reason: 'operator' });
      await expect.poll(() => events.messages.length).toBe(1);
      expect(JSON.parse(events.messages[0] ?? '')).toEqual({ event: 'session.ended', payload: { sessionId: '01J0000000000000000000000A', reason: 'operator' } });
      expect(() => host.emit('session.ended', { sessionId: '', reason: 'operator' })).toThrow();
    } finally {
      events.close();
    }
  });
});
