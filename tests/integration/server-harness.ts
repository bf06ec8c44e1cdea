// Test harness for the review service: runs the real service as a child process on loopback (SQLite
// or a fresh PostgreSQL database), a TCP proxy in front of it that can cut, drop or fail
// connections, and a real booth (store + job queue + sync) pointed at the proxy.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { JobQueue } from '../../electron/booth/jobs/jobQueue.ts';
import { BoothSync } from '../../electron/booth/sync/boothSync.ts';
import { newStatusSecret } from '../../electron/booth/sync/statusReceipt.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import type { BoothStore } from '../../electron/booth/store/boothStore.ts';
import { openTestStore, quietLog, makeTempDir, removeDir, SAMPLE_CHECKS } from './fixtures/boothStoreSetup.ts';
import type { PhotoPair } from './fixtures/boothPhotos.ts';
import type { CheckResult } from '../../shared/checkResult.ts';
import type { GuideNote } from '../../shared/sync/protocol.ts';
import { closeDatabase, openDatabase, type OpenDatabase } from '../../server/src/db/database.ts';
import { DEMO_ROSTER, SimulatorResolver, simulatorKey } from '../../server/src/codes/simulatorResolver.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
export const PG_ADMIN_URL = process.env.GRADBOOTH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// ---------- PostgreSQL: a fresh database per run ----------
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gradbooth_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Runs `fn` on the service's own database (SQLite in `dataDir`, or PostgreSQL), then closes it. */
export async function withServiceDb<T>(databaseUrl: string | undefined, dataDir: string, fn: (db: OpenDatabase['db']) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ ...(databaseUrl ? { databaseUrl } : {}), dataDir });
  try {
    return await fn(opened.db);
  } finally {
    await closeDatabase(opened);
  }
}

// ---------- the service process ----------
export class ServiceProcess {
  url = '';
  port = 0;
  private child: ChildProcess | null = null;
  private readonly env: Record<string, string>;
  output = '';

  constructor(env: Record<string, string>) {
    this.env = env;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, [path.join(root, 'server/src/main.ts')], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', TRANSMIT_INTERVAL_MS: '0', LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const m = /review service listening on (http:\/\/[^\s]+)/.exec(this.output);
        if (m?.[1]) resolve(m[1]);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        if (this.child === child && code !== null) console.error(`service exited unexpectedly with ${code}:\n${this.output.slice(-3000)}`);
        reject(new Error(`service exited with ${code} before listening:\n${this.output}`));
      });
      setTimeout(() => reject(new Error(`service did not start in 20 s:\n${this.output}`)), 20_000).unref();
    });
    this.port = Number(new URL(this.url).port);
  }

  /** kill -9: no graceful shutdown, requests in flight are cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }
}

export async function runTool(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [path.join(root, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${out}`);
  return out;
}

// ---------- a TCP proxy with faults ----------
export type Fault =
  | { kind: 'cutRequest'; afterBytes: number }
  | { kind: 'dropResponse' }
  | { kind: 'http503' };

/** Sits between the booth and the service; each armed fault hits the next new connection. */
export class FaultProxy {
  port = 0;
  targetPort = 0;
  private server: Server | null = null;
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  /** how many faults were applied, by kind */
  readonly applied: Record<Fault['kind'], number> = { cutRequest: 0, dropResponse: 0, http503: 0 };

  async start(targetPort: number): Promise<void> {
    this.targetPort = targetPort;
    this.server = createServer((client) => this.handle(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Faults hit new connections: open keep-alive connections are closed so the next request opens one. */
  arm(...faults: Fault[]): void {
    this.faults.push(...faults);
    this.cutAll();
  }

  get armed(): number {
    return this.faults.length;
  }

  /** Cuts every open connection (a network outage of an instant). */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(client: Socket): void {
    const fault = this.faults.shift();
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    client.on('error', () => {});
    if (fault?.kind === 'http503') {
      this.applied.http503 += 1;
      client.once('data', () => {
        const body = JSON.stringify({ error: 'unavailable', message: 'injected 503 burst' });
        client.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
      });
      return;
    }
    const upstream = new Socket();
    this.sockets.add(upstream);
    upstream.once('close', () => { this.sockets.delete(upstream); client.destroy(); });
    client.once('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.connect(this.targetPort, '127.0.0.1');
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      if (fault?.kind === 'cutRequest') {
        if (sent + chunk.length >= fault.afterBytes) {
          upstream.write(chunk.subarray(0, Math.max(0, fault.afterBytes - sent)));
          this.applied.cutRequest += 1;
          client.destroy();
          upstream.destroy();
          return;
        }
        sent += chunk.length;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (fault?.kind === 'dropResponse') {
        // the service has done the work and answered; the answer never reaches the booth
        this.applied.dropResponse += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
  }
}

// ---------- a booth ----------
export interface TestBooth {
  store: BoothStore;
  queue: JobQueue;
  sync: BoothSync;
  dir: string;
  /** the booth's job clock runs ahead by this much (lets retries come due without waiting) */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function openBooth(opts: { clock?: () => number } = {}): Promise<TestBooth> {
  const dir = await makeTempDir('booth-sync');
  let shift = 0;
  const now = () => Date.now() + shift;
  const store = await openTestStore(dir, { now });
  const dataKey = await keyFileProvider({ path: path.join(dir, 'key', 'booth.key'), log: quietLog }).loadKey();
  // the backoff policy's random part fixed at its minimum keeps fast-forwarding predictable
  const queue = new JobQueue({ store, log: quietLog, random: () => 0 });
  const sync = new BoothSync({ store, queue, dataKey, log: quietLog, appVersion: 'test', timeoutMs: 15_000, ...(opts.clock ? { clock: opts.clock } : {}) });
  return {
    store, queue, sync, dir,
    advance(ms: number) {
      shift += ms;
    },
    async close() {
      sync.stop();
      await queue.stop();
      store.close();
      await removeDir(dir);
    },
  };
}

/**
 * Runs the booth's outbox until no upload is pending: due jobs run for real; when only retries
 * remain, the job clock jumps to the next one (the backoff delays themselves are the queue's).
 */
export async function drainOutbox(booth: TestBooth, opts: { maxRounds?: number } = {}): Promise<{ rounds: number }> {
  for (let rounds = 1; rounds <= (opts.maxRounds ?? 200); rounds += 1) {
    await booth.queue.runDue();
    const snap = booth.queue.snapshot();
    const waiting = snap.pending + snap.running;
    if (waiting === 0) return { rounds };
    const next = snap.nextRunAt;
    if (next !== null) booth.advance(Math.max(0, next - booth.store.now()) + 1);
  }
  throw new Error(`outbox not drained: ${JSON.stringify(booth.queue.snapshot())}`);
}

// ---------- codes and submissions ----------
export async function issueCodes(databaseUrl: string | undefined, dataDir: string, count: number, from = 0): Promise<{ code: string; last4: string; degree: string }[]> {
  const opened: OpenDatabase = await openDatabase({ ...(databaseUrl ? { databaseUrl } : {}), dataDir });
  try {
    const resolver = new SimulatorResolver(await simulatorKey(opened.db));
    return DEMO_ROSTER.slice(from, from + count).map((s) => ({ code: resolver.issue(s.id), last4: s.last4, degree: s.degreeCategory }));
  } finally {
    await closeDatabase(opened);
  }
}

export async function acceptTestSubmission(
  booth: TestBooth, photo: PhotoPair, code: { code: string; last4: string; degree: string }, checks: CheckResult[] = SAMPLE_CHECKS, verification: 'verified' | 'deferred' = 'verified',
  overrides: { ruleId: string; reason: string }[] = [], guideNote: GuideNote | null = null,
): Promise<{ submissionId: string; secret: string }> {
  const secret = newStatusSecret();
  const now = booth.store.now();
  const { submissionId } = await booth.store.acceptSubmission({
    sessionId: null,
    standardizedJpeg: photo.standardizedJpeg,
    originalJpeg: photo.originalJpeg,
    checks,
    metadata: {
      statusSecret: secret,
      overrides,
      guideNote,
      landmarks: { points: [200, 250, 280, 250, 240, 330], headTopY: 80, eyeLineY: 250, faceLeftX: 150, faceRightX: 330, rollDeg: 0.5 },
      session: { startedAt: now - 60_000, capturedAt: now - 20_000, acceptedAt: now, retakes: 1, paymentMode: 'free', deferredVerification: verification === 'deferred' },
    },
    verification,
    personal: { code: code.code, last4: code.last4, maskedName: '王*明', school: '华东示范大学', category: code.degree },
  });
  return { submissionId, secret };
}

// ---------- staff ----------
export async function staffLogin(baseUrl: string, username: string, password: string): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const res = await fetch(`${baseUrl}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return (p, init = {}) => fetch(`${baseUrl}${p}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } });
}

export { makeTempDir, removeDir };
