// Review-service throughput: N simulated booths upload concurrently (2 MB originals) to the real
// service process on PostgreSQL over loopback; then the reviewer queue query with 100,000 stored
// submission records (metadata rows; photo objects only for the uploaded sample).
// Prints `bench: <name> <value> <unit>` lines; figures are measured, never asserted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { ulid } from 'ulid';
import { closeDatabase, openDatabase } from '../server/src/db/database.ts';
import { createEnrollmentCode } from '../server/src/routes/adminApi.ts';
import { DEMO_ROSTER, SimulatorResolver, simulatorKey } from '../server/src/codes/simulatorResolver.ts';
import { reviewQueue } from '../server/src/routes/reviewerApi.ts';
import { codeKey } from '../server/src/submissions/uploadSubmission.ts';
import type { ServiceContext } from '../server/src/serviceContext.ts';
import { newKeyPair } from '../electron/booth/sync/boothCredentials.ts';
import { SignedClient, jsonBody } from '../electron/booth/sync/signedClient.ts';
import { uploadBody } from '../electron/booth/sync/uploadJob.ts';
import { API_PREFIX, EnrollResponseSchema, type SubmissionMetadata } from '../shared/sync/protocol.ts';
import type { CheckResult } from '../shared/checkResult.ts';
import { EVAL_DATA } from '../tools/evalData.ts';

const BOOTHS = Number(process.env.BENCH_BOOTHS ?? '8');
const UPLOADS_PER_BOOTH = Number(process.env.BENCH_UPLOADS_PER_BOOTH ?? '40');
const RECORDS = Number(process.env.BENCH_RECORDS ?? '100000');
const PG_ADMIN_URL = process.env.GRADBOOTH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = path.resolve(import.meta.dirname, '..');

/** user + system CPU time of a process so far (Linux /proc; clock ticks of 10 ms). */
function processCpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function twoMegabyteOriginal(): Promise<Buffer> {
  const source = await readFile(path.join(EVAL_DATA, 'portraits-hivision', 'test0.jpg'));
  // upscaled with fine noise until the JPEG is about 2 MB, like a 12 MP camera still
  let side = 2400;
  for (;;) {
    const noise = await sharp({ create: { width: side, height: Math.round(side * 4 / 3), channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 0, sigma: 12 } } }).png().toBuffer();
    const jpeg = await sharp(source).resize(side, Math.round(side * 4 / 3)).composite([{ input: noise, blend: 'soft-light' }]).jpeg({ quality: 92 }).toBuffer();
    if (jpeg.length >= 1.9e6 || side > 5000) return jpeg;
    side = Math.round(side * Math.sqrt(2.0e6 / jpeg.length));
  }
}

const dbName = `gradbooth_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
await admin.end();
const url = new URL(PG_ADMIN_URL);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
const dataDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-bench-'));
const floorDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-bench-floor-'));
/** every process started here, stopped whatever happens */
const children: ChildProcessWithoutNullStreams[] = [];

/** Starts a Node program that prints "listening on <url>"; resolves with the process and the url. */
async function startListening(script: string, env: Record<string, string>): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: 'pipe' });
  children.push(child);
  child.stderr.pipe(process.stderr);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
  return { child, url };
}

const stop = async (child: ChildProcessWithoutNullStreams): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
};

try {
  const { child, url: serviceUrl } = await startListening(path.join(root, 'server/src/main.ts'), {
    HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', TRANSMIT_INTERVAL_MS: '0', DB_POOL_SIZE: '16',
  });
  const opened = await openDatabase({ databaseUrl, dataDir });
  const { db } = opened;
  const ctx = { db } as ServiceContext;
  const resolver = new SimulatorResolver(await simulatorKey(db));

  // N enrolled booths, each with its own key
  const booths: SignedClient[] = [];
  for (let i = 0; i < BOOTHS; i += 1) {
    const { code } = await createEnrollmentCode(ctx, { label: `bench ${i}`, school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'free' }, 'bench');
    const { publicKey, privateKey } = newKeyPair();
    const enrolling = new SignedClient({ baseUrl: serviceUrl, boothId: 'enroll', privateKey });
    const enrolled = EnrollResponseSchema.parse((await enrolling.call('POST', `${API_PREFIX}/enroll`, 'enroll', jsonBody({ enrollmentCode: code, publicKey, label: `bench ${i}` }))).body);
    booths.push(new SignedClient({ baseUrl: serviceUrl, boothId: enrolled.boothId, privateKey }));
  }

  const original = await twoMegabyteOriginal();
  const standardized = await sharp(original).resize(480, 640, { fit: 'cover' }).jpeg({ quality: 75 }).withMetadata({ density: 300 }).toBuffer();
  const checks: CheckResult[] = [{ id: 'geom.eye_line', verdict: 'pass', value: 250, threshold: { min: 200, max: 300, unit: 'px' }, message_zh: '眼睛位置合格', message_en: 'eye line ok' }];
  console.log(`uploading ${BOOTHS * UPLOADS_PER_BOOTH} submissions from ${BOOTHS} booths, originals ${(original.length / 1e6).toFixed(2)} MB`);

  // bodies are made before the clock starts: the booth's own hashing is not the service's throughput
  let rosterIndex = 0;
  const prepared = await Promise.all(booths.map(() => Promise.all(Array.from({ length: UPLOADS_PER_BOOTH }, async () => {
    const student = DEMO_ROSTER[rosterIndex++]!;
    // each upload is a different photo: a comment segment of random bytes after SOI keeps it a whole
    // JPEG (random bytes inside the entropy-coded data would be a broken one, which the service refuses)
    const photo = Buffer.concat([original.subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 0x12]), randomBytes(16), original.subarray(2)]);
    const metadata: SubmissionMetadata = {
      submissionId: ulid(), collectionCode: resolver.issue(student.id), last4: student.last4, degreeCategory: student.degreeCategory, checks, overrides: [], guideNote: null,
      landmarks: { points: [], headTopY: 80, eyeLineY: 250, faceLeftX: 150, faceRightX: 330, rollDeg: 0 },
      session: { startedAt: Date.now(), capturedAt: Date.now(), acceptedAt: Date.now(), retakes: 0, paymentMode: 'free', deferredVerification: false },
      standardizedSha256: sha256(standardized), originalSha256: sha256(photo), statusSecretSha256: sha256(randomBytes(16)),
    };
    const body = await uploadBody(metadata, standardized, photo);
    return { id: metadata.submissionId, body, digest: sha256(body.bytes) };
  }))));

  // the booths' side uses node:http with the prepared bytes as they are: fetch would copy every 2 MB
  // body twice on the same two cores the service is measured on
  const uploadAll = async (baseUrl: string): Promise<{ latencies: number[]; failures: number; seconds: number }> => {
    const agent = new Agent({ keepAlive: true, maxSockets: BOOTHS });
    const put = (target: string, headers: Record<string, string>, body: Uint8Array): Promise<number> => new Promise((resolve, reject) => {
      const req = request(baseUrl + target, { method: 'PUT', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('error', reject);
      req.end(body);
    });
    const latencies: number[] = [];
    let failures = 0;
    const started = performance.now();
    await Promise.all(booths.map(async (client, b) => {
      for (const upload of prepared[b]!) {
        const target = `${API_PREFIX}/submissions/${upload.id}`;
        const t0 = performance.now();
        const status = await put(target, { ...client.signHeaders('PUT', target, upload.body.bytes, upload.digest), 'content-type': upload.body.contentType }, upload.body.bytes);
        latencies.push(performance.now() - t0);
        if (status !== 201) failures += 1;
      }
    }));
    agent.destroy();
    return { latencies: latencies.sort((a, b) => a - b), failures, seconds: (performance.now() - started) / 1000 };
  };
  // the service's PostgreSQL backends (its pool is open by now: enrollment used it)
  const pgPids = async (): Promise<number[]> => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName]);
    await c.end();
    return rows.map((r) => r.pid);
  };
  const postgresCpuMs = (pids: number[]) => pids.reduce((sum, pid) => { try { return sum + processCpuMs(pid); } catch { return sum; } }, 0);
  const backends = await pgPids();
  const postgresCpu0 = postgresCpuMs(backends);
  const serviceCpu0 = processCpuMs(child.pid);
  const clientCpu0 = process.cpuUsage();
  const { latencies, failures, seconds } = await uploadAll(serviceUrl);
  const serviceCpuMs = processCpuMs(child.pid) - serviceCpu0;
  // backends the pool opened during the run count from zero
  const postgresCpu = postgresCpuMs(await pgPids()) - postgresCpu0;
  const clientCpu = process.cpuUsage(clientCpu0);
  // on a shared 2-core machine the figures below depend on what else runs: say how busy it was
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`);
  console.log(`bench: server_uploads_per_s ${(latencies.length / seconds).toFixed(1)} uploads/s`);
  console.log(`bench: server_upload_p50 ${percentile(latencies, 50).toFixed(1)} ms`);
  console.log(`bench: server_upload_p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  console.log(`bench: server_upload_failures ${failures} count`);
  // where the two cores went: the service process, and the simulated booths' side (PostgreSQL is the rest)
  console.log(`bench: server_cpu_per_upload ${(serviceCpuMs / latencies.length).toFixed(2)} ms`);
  console.log(`bench: postgres_cpu_per_upload ${(postgresCpu / latencies.length).toFixed(2)} ms`);
  console.log(`bench: booth_client_cpu_per_upload ${((clientCpu.user + clientCpu.system) / 1000 / latencies.length).toFixed(2)} ms`);

  // the same uploads to a bare server that only receives, hashes and durably stores the photos: what
  // this machine's cores and disk allow before any framework, signature, metadata or database work
  const floor = await startListening(path.join(root, 'bench/uploadFloorServer.ts'), { DATA_DIR: floorDir });
  const floorRun = await uploadAll(floor.url);
  await stop(floor.child);
  console.log(`bench: server_floor_uploads_per_s ${(floorRun.latencies.length / floorRun.seconds).toFixed(1)} uploads/s`);
  console.log(`bench: server_floor_upload_p99 ${percentile(floorRun.latencies, 99).toFixed(1)} ms`);
  console.log(`bench: server_floor_failures ${floorRun.failures} count`);

  // 100,000 records: metadata rows only, photo objects point at the uploaded sample
  const existing = Number((await db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const boothIds = booths.map((c) => c.boothId);
  const metadataJson = JSON.stringify({ checks, landmarks: { points: [], headTopY: 80, eyeLineY: 250, faceLeftX: 150, faceRightX: 330, rollDeg: 0 } });
  const states = ['done', 'done', 'done', 'done', 'done', 'done', 'rejected', 'approved', 'pending', 'pending'];
  const t0 = Date.now() - 30 * 86_400_000;
  const sampleStandardized = sha256(standardized);
  const sampleOriginal = sha256(original);
  for (let done = existing; done < RECORDS;) {
    const batch = Array.from({ length: Math.min(2000, RECORDS - done) }, (_, i) => {
      const n = done + i;
      const at = t0 + n * 20_000;
      return {
        id: ulid(at), booth_id: boothIds[n % boothIds.length]!, code_sha256: codeKey(`bench-${n}`), state: states[n % states.length]!,
        degree_category: '本科', school: '华东示范大学', metadata: metadataJson, metadata_sha256: sha256(Buffer.from(`m${n}`)),
        standardized_sha256: sampleStandardized, original_sha256: sampleOriginal, status_secret_sha256: sha256(Buffer.from(`s${n}`)),
        received_at: at, updated_at: at, decided_at: null, decided_by: null, reasons: '[]', note: '', batch_id: null,
      };
    });
    await db.insertInto('submissions').values(batch).execute();
    done += batch.length;
  }
  // fresh planner statistics, as autovacuum would have them on a service that grew to this size
  const analyze = new pg.Client({ connectionString: databaseUrl });
  await analyze.connect();
  await analyze.query('ANALYZE submissions');
  await analyze.end();
  const total = Number((await db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const timings: number[] = [];
  let pending = 0;
  for (let i = 0; i < 30; i += 1) {
    const q0 = performance.now();
    pending = (await reviewQueue(ctx, 50)).pending;
    timings.push(performance.now() - q0);
  }
  timings.sort((a, b) => a - b);
  console.log(`queue over ${total} records (${pending} pending); photo objects stored for the ${latencies.length} uploaded only`);
  console.log(`bench: queue_query_ms ${percentile(timings, 50).toFixed(2)} ms`);
  console.log(`bench: queue_query_p99_ms ${percentile(timings, 99).toFixed(2)} ms`);
  await closeDatabase(opened);
} finally {
  await Promise.all(children.map(stop));
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await c.end();
  await rm(dataDir, { recursive: true, force: true });
  await rm(floorDir, { recursive: true, force: true });
}
