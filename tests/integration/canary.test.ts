// Personal data never reaches the disk in clear: distinctive canary values go through whole
// sessions (scan, wrong and right last-4, captures, retake, accept, queue, upload read, logs),
// then every file under the data dir — the .sqlite, its -wal and -shm, photos, the log — is
// searched for them as UTF-8, UTF-16, hex and base64.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { loadPhotoPairs, type PhotoPair } from './fixtures/boothPhotos.ts';
import { openTestStore, makeTempDir, removeDir, SAMPLE_CHECKS } from './fixtures/boothStoreSetup.ts';
import { SessionService } from '../../electron/booth/session/sessionService.ts';
import { AttemptLimiter } from '../../electron/booth/codes/attemptLimiter.ts';
import { JobQueue } from '../../electron/booth/jobs/jobQueue.ts';
import { REDACT_PATHS } from '../../electron/booth/log/boothLog.ts';
import { purgeNow } from '../../electron/booth/retention/retentionPurge.ts';
import type { BoothStore } from '../../electron/booth/store/boothStore.ts';
import type { Personal } from '../../electron/booth/store/personal.ts';
import { forms, leaksIn } from './fixtures/canaryForms.ts';

/** Chosen so none can occur by chance in SQLite pages, JPEG ciphertext or log text (the ID digits end in X, which
 *  no timestamp or pid in a log line contains). */
const CANARY: Personal & { wrongLast4: string; note: string } = {
  code: 'GBSIM1.CANARYqZ7xW3kP9mV2tR8yB4nD6hJ',
  last4: '846X',
  wrongLast4: '502X',
  maskedName: '饕*靐',
  school: '鼋鼍大学CanarySchoolQz7',
  category: '犇骉类Qx9',
  note: 'metadata-canary-Vq8Wz3Lp',
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

let scannedBytes = 0;

async function leaks(dir: string): Promise<{ file: string; value: string; form: string }[]> {
  const found: { file: string; value: string; form: string }[] = [];
  const values = Object.entries(CANARY);
  for (const file of await filesUnder(dir)) {
    const data = await readFile(file);
    scannedBytes += data.length;
    found.push(...leaksIn(data, values).map((l) => ({ file: path.relative(dir, file), ...l })));
  }
  return found;
}

let photos: PhotoPair[];
let root: string;
beforeAll(async () => {
  photos = await loadPhotoPairs();
  root = await makeTempDir('canary');
});
afterAll(async () => {
  await removeDir(root);
});

describe('no personal data at rest in clear', () => {
  it('canary values from whole sessions appear in no file of the data dir, the SQLite file, its -wal or the log', async () => {
    const dataDir = path.join(root, 'data');
    const logFile = path.join(dataDir, 'booth.log');
    const p = photos[1];
    if (!p) throw new Error('no photo fixtures');
    let store: BoothStore = await openTestStore(root);
    const log = pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, pino.destination({ dest: logFile, sync: true }));
    const sessions = new SessionService({ store, log });
    const limiter = new AttemptLimiter({ store });
    const personalRest = { maskedName: CANARY.maskedName, school: CANARY.school, category: CANARY.category };

    // a session that ends queued, with a wrong last-4 first and a retake
    const s1 = sessions.start();
    await sessions.apply(s1, 'scan', { personal: { code: CANARY.code } });
    expect(limiter.check(CANARY.code, Date.now()).allowed).toBe(true);
    limiter.recordFailure(CANARY.code, Date.now());
    log.warn({ code: CANARY.code, attempt: { last4: CANARY.wrongLast4 } }, 'wrong last-4 (a careless caller logging personal fields)');
    await sessions.apply(s1, 'verify', { personal: { last4: CANARY.last4, ...personalRest } });
    limiter.recordSuccess(CANARY.code);
    await sessions.apply(s1, 'pose');
    await sessions.saveCapture(s1, { standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg });
    await sessions.apply(s1, 'review');
    await sessions.apply(s1, 'retake');
    await sessions.saveCapture(s1, { standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg });
    await sessions.apply(s1, 'review');
    await sessions.apply(s1, 'accept');
    const { submissionId } = await sessions.submit(s1, { checks: SAMPLE_CHECKS, metadata: { note: CANARY.note }, verification: 'deferred' });
    log.info({ personal: (await store.readSubmissionForUpload(submissionId)).personal }, 'read for upload');

    // a session abandoned while reviewing
    const s2 = sessions.start();
    await sessions.apply(s2, 'scan', { personal: { code: CANARY.code } });
    await sessions.apply(s2, 'verify', { personal: { last4: CANARY.last4, ...personalRest } });
    await sessions.apply(s2, 'pose');
    await sessions.saveCapture(s2, { standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg });
    await sessions.abandon(s2, 'timeout');

    // the outbox reads the submission through the job queue, as the sync engine does
    const queue = new JobQueue({ store, log });
    queue.register('submission.upload', async (payload) => {
      const s = await store.readSubmissionForUpload((payload as { submissionId: string }).submissionId);
      expect(s.personal.code).toBe(CANARY.code);
    });
    queue.register('code.resolve', async () => undefined);
    await queue.runDue();

    // the data is really there, sealed: the store reads it back
    expect((await store.readSubmissionForUpload(submissionId)).personal).toMatchObject({ code: CANARY.code, last4: CANARY.last4, maskedName: CANARY.maskedName });
    const files = (await filesUnder(dataDir)).map((f) => path.relative(dataDir, f));
    expect(files).toEqual(expect.arrayContaining(['booth.sqlite', 'booth.sqlite-wal', 'booth.log']));
    expect(await leaks(dataDir), 'with the store open (WAL in use)').toEqual([]);

    store.close();
    expect(await leaks(dataDir), 'after close (WAL checkpointed into the .sqlite)').toEqual([]);

    // after acknowledgement and purge the sealed copies are gone as well
    store = await openTestStore(root);
    store.markAcknowledged(submissionId, Date.now());
    expect(await purgeNow(store)).toBe(1);
    store.close();
    expect(await leaks(dataDir), 'after purge').toEqual([]);
    expect((await readFile(logFile, 'utf8'))).toContain('[redacted]');
    console.log(`canary scan: ${scannedBytes} bytes searched over three passes, ${Object.keys(CANARY).length} values`);
  });

  it('the search itself finds a canary written in clear, in each form', async () => {
    const dir = path.join(root, 'selftest');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const f = forms(CANARY.maskedName);
    for (const [i, x] of f.entries()) await writeFile(path.join(dir, `${i}.bin`), Buffer.concat([Buffer.from('xx'), x.bytes, Buffer.from('yy')]));
    expect((await leaks(dir)).filter((l) => l.value === 'maskedName').length).toBeGreaterThanOrEqual(f.length);
  });
});
