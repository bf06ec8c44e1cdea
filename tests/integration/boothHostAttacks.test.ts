// The booth served to browsers, as a real process, under the requests an attacker on the booth
// machine or its LAN sends (security review, issue 17 findings 1, 5 and 6; issue 15's hostile frames):
// no request line kills it, a foreign page or host name cannot drive the kiosk, and malformed or
// flooding WebSocket clients are cut off while the kiosk keeps its events.
import { request } from 'node:https';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import { BoothProcess, kioskCall, openSocket, rawStatus, STAFF_PIN } from './fixtures/boothProcess.ts';

const booth = new BoothProcess();
beforeAll(() => booth.start());
afterAll(() => booth.stop());

/** A staff call over the LAN listener's TLS (the booth's certificate is self-signed). */
function lanCall(call: string, input: unknown, token = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${booth.lan}/api/staff/call`, { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ call, input }));
  });
}

async function staffCall(call: string, input: unknown, token = ''): Promise<Record<string, unknown>> {
  const response = await fetch(`${booth.kiosk}/api/staff/call`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ call, input }) });
  return (await response.json()) as Record<string, unknown>;
}

/** A kiosk session the operator then ends from the staff screen: the booth pushes session.ended to every kiosk page. */
async function pushSessionEnded(): Promise<string> {
  const scanned = await kioskCall(booth.kiosk, 'session.scan', { code: DEMO_ROSTER[0]?.code, source: 'wedge' });
  const sessionId = String(scanned.body.sessionId);
  const { token } = await staffCall('staff.login', { pin: STAFF_PIN });
  expect(await staffCall('staff.help', { action: 'end_session', sessionId }, String(token))).toEqual({ ok: true });
  return sessionId;
}

/** A well-behaved kiosk page's event socket (the ws client), collecting what it receives. */
async function kioskEvents(): Promise<{ events: { event: string; payload: { sessionId?: string } }[]; socket: WebSocket }> {
  const socket = new WebSocket(`${booth.kiosk.replace('http:', 'ws:')}/api/events`, { origin: booth.kiosk });
  const events: { event: string; payload: { sessionId?: string } }[] = [];
  socket.on('message', (data) => events.push(JSON.parse(String(data)) as (typeof events)[number]));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { events, socket };
}

async function kioskSessionWorks(): Promise<void> {
  const student = DEMO_ROSTER[0];
  const scanned = await kioskCall(booth.kiosk, 'session.scan', { code: student?.code, source: 'wedge' });
  expect(scanned.body).toMatchObject({ ok: true });
  const verified = await kioskCall(booth.kiosk, 'session.verify', { sessionId: scanned.body.sessionId, last4: student?.last4 });
  expect(verified.body).toMatchObject({ ok: true });
  expect((await kioskCall(booth.kiosk, 'session.abandon', { sessionId: scanned.body.sessionId, reason: 'cancel' })).body).toEqual({ ok: true });
}

/** A raw event-channel socket after a valid handshake: the attacker writes frames by hand. */
async function rawEventSocket(): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = await openSocket(booth.kiosk);
  const { host } = new URL(booth.kiosk);
  let bytes = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => (bytes = Buffer.concat([bytes, chunk])));
  socket.write(`GET /api/events HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  await expect.poll(() => bytes.toString('latin1')).toContain('\r\n\r\n');
  expect(bytes.toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  const headEnd = bytes.indexOf('\r\n\r\n') + 4;
  return { socket, received: () => bytes.subarray(headEnd), closed };
}

/** A client frame: FIN flag, opcode, payload, masked unless told otherwise (RFC 6455 §5.2). */
function frame(opcode: number, payload: Buffer, options: { fin?: boolean; masked?: boolean } = {}): Buffer {
  const masked = options.masked ?? true;
  const length = payload.length;
  const lengthBytes = length < 126 ? Buffer.from([length]) : length < 65536 ? Buffer.from([126, length >> 8, length & 0xff]) : Buffer.concat([Buffer.from([127]), Buffer.from(BigInt(length).toString(16).padStart(16, '0'), 'hex')]);
  lengthBytes[0] = (lengthBytes[0] ?? 0) | (masked ? 0x80 : 0);
  const head = Buffer.concat([Buffer.from([((options.fin ?? true) ? 0x80 : 0) | opcode]), lengthBytes]);
  if (!masked) return Buffer.concat([head, payload]);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  return Buffer.concat([head, mask, Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0)))]);
}

/** The close code of the close frame the host sent, or null when it cut the connection without one. */
function closeCode(serverBytes: Buffer): number | null {
  return serverBytes.length >= 4 && ((serverBytes[0] ?? 0) & 0x0f) === 0x8 ? serverBytes.readUInt16BE(2) : null;
}

describe('one request cannot kill the booth (finding 1)', () => {
  const targets = ['//', '//:', '//[', '//%', '/%', '/%E0%A4%A', '*', 'http://[/'];

  test('request targets that used to throw in the listener are answered 400, on loopback and on the LAN, and the booth stays up', async () => {
    for (const base of [booth.kiosk, booth.lan]) {
      const { host } = new URL(base);
      for (const target of targets) {
        expect([base, target, await rawStatus(base, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`)]).toEqual([base, target, 400]);
      }
    }
    // the same targets on the WebSocket upgrade
    const { host } = new URL(booth.kiosk);
    for (const target of targets.slice(0, 4)) {
      expect(await rawStatus(booth.kiosk, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)).toBe(404);
    }
    expect(booth.alive).toBe(true);
    await kioskSessionWorks();
    expect((await lanCall('staff.login', { pin: STAFF_PIN })).body).toMatchObject({ ok: true });
  });
});

describe('a web page or a foreign host name cannot drive the kiosk (finding 5)', () => {
  const scan = JSON.stringify({ call: 'session.scan', input: { code: DEMO_ROSTER[0]?.code, source: 'wedge' } });

  test('a call from another origin, a form or text/plain post, and a rebound host name are refused before they reach the booth', async () => {
    const post = (headers: Record<string, string>) => fetch(`${booth.kiosk}/api/call`, { method: 'POST', headers, body: scan });
    expect((await post({ 'content-type': 'application/json', origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    // what a page on any site may send without a CORS preflight
    expect((await post({ 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(415);
    expect((await post({ 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    // DNS rebinding: evil.example resolved to 127.0.0.1 — the browser then sends the page's own origin and host
    const port = new URL(booth.kiosk).port;
    expect(await rawStatus(booth.kiosk, `POST /api/call HTTP/1.1\r\nHost: evil.example:${port}\r\nOrigin: http://evil.example:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(scan)}\r\n\r\n${scan}`)).toBe(403);
    expect(await rawStatus(booth.kiosk, `GET / HTTP/1.1\r\nHost: evil.example:${port}\r\n\r\n`)).toBe(403);
    // the kiosk page itself, from its own origin, still works
    expect((await post({ 'content-type': 'application/json', origin: booth.kiosk })).status).toBe(200);
  });

  test('the event socket opens for the kiosk page only, not for a page of another origin', async () => {
    const refused = new WebSocket(`${booth.kiosk.replace('http:', 'ws:')}/api/events`, { origin: 'http://evil.example' });
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('open', () => resolve(101)));
    expect(status).toBe(403);
    const { socket } = await kioskEvents();
    socket.close();
  });
});

describe('a device on the LAN cannot lock the operator out at the booth (finding 9)', () => {
  test('wrong PINs on the LAN listener lock the LAN only; the staff screen at the booth still opens with the PIN', async () => {
    for (let i = 0; i < 5; i++) expect((await lanCall('staff.login', { pin: '000000' })).body).toMatchObject({ ok: false });
    expect((await lanCall('staff.login', { pin: STAFF_PIN })).body).toMatchObject({ ok: false, error: { code: 'pin_locked' } });
    expect(await staffCall('staff.login', { pin: STAFF_PIN })).toMatchObject({ ok: true });
  });
});

describe('the event channel survives malformed and hostile frames (finding 6, issue 15)', () => {
  test('unmasked, oversized, fragmented-control and over-long control frames each get the client cut off, and another kiosk keeps its events', async () => {
    const kiosk = await kioskEvents();
    const attacks: { name: string; bytes: Buffer; code: number }[] = [
      { name: 'unmasked text frame', bytes: frame(0x1, Buffer.from('hello'), { masked: false }), code: 1002 },
      { name: 'message over the 1 KiB limit', bytes: frame(0x1, Buffer.alloc(64 * 1024, 0x61)), code: 1009 },
      { name: 'fragmented ping', bytes: frame(0x9, Buffer.from('ping'), { fin: false }), code: 1002 },
      { name: 'ping over 125 bytes', bytes: frame(0x9, Buffer.alloc(200, 1)), code: 1002 },
      { name: 'reserved opcode', bytes: frame(0x3, Buffer.from('x')), code: 1002 },
    ];
    for (const attack of attacks) {
      const hostile = await rawEventSocket();
      hostile.socket.write(attack.bytes);
      await hostile.closed;
      expect([attack.name, closeCode(hostile.received())]).toEqual([attack.name, attack.code]);
      const sessionId = await pushSessionEnded();
      await expect.poll(() => kiosk.events.some((e) => e.event === 'session.ended' && e.payload.sessionId === sessionId)).toBe(true);
    }
    expect(booth.alive).toBe(true);
    kiosk.socket.close();
  });

  test('a client that floods pings without reading the pongs is cut off; the host stays up and another kiosk keeps its events', async () => {
    const kiosk = await kioskEvents();
    const hostile = await rawEventSocket();
    // the attacker never reads: every pong the host answers waits in its buffers
    hostile.socket.pause();
    const rssBefore = booth.rssBytes();
    const pings = Buffer.concat(Array.from({ length: 1024 }, () => frame(0x9, Buffer.alloc(125, 7))));
    let sent = 0;
    let cut = false;
    void hostile.closed.then(() => (cut = true));
    // up to 256 MiB of pings, or until the host cuts the connection
    while (!cut && sent < 256 * 1024 * 1024) {
      if (!hostile.socket.write(pings)) await new Promise((resolve) => { hostile.socket.once('drain', resolve); setTimeout(resolve, 200); });
      sent += pings.length;
    }
    await hostile.closed;
    expect(sent).toBeLessThan(256 * 1024 * 1024);
    expect(booth.alive).toBe(true);
    // the flood did not leave the host holding its pongs
    expect(booth.rssBytes() - rssBefore).toBeLessThan(64 * 1024 * 1024);
    const sessionId = await pushSessionEnded();
    await expect.poll(() => kiosk.events.some((e) => e.event === 'session.ended' && e.payload.sessionId === sessionId)).toBe(true);
    kiosk.socket.close();
  });
});
