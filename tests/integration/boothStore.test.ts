// The booth store keeps accepted photos durable and readable, repairs itself after a crash, and
// flags (never drops) submissions whose files went missing or changed.
import { describe, it, expect, beforeAll, beforeEach, afterEach } from 'vitest';
import { readFile, writeFile, unlink, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { loadPhotoPairs, type PhotoPair } from './fixtures/boothPhotos.ts';
import { openTestStore, makeTempDir, removeDir, SAMPLE_CHECKS, samplePersonal } from './fixtures/boothStoreSetup.ts';
import { KeyMismatchError, SubmissionUnavailableError } from '../../electron/booth/store/boothStore.ts';
import { SessionService } from '../../electron/booth/session/sessionService.ts';
import { SessionTransitionError } from '../../electron/booth/store/sessionRecords.ts';
import { quietLog } from './fixtures/boothStoreSetup.ts';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../electron/booth/store/migrations.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let photos: PhotoPair[];
let root: string;
beforeAll(async () => {
  photos = await loadPhotoPairs();
});
beforeEach(async () => {
  root = await makeTempDir('store');
});
afterEach(async () => {
  await removeDir(root);
});

function pair(i: number): PhotoPair {
  const p = photos[i % photos.length];
  if (!p) throw new Error('no photo fixtures');
  return p;
}

describe('booth store', () => {
  it('an accepted submission reads back byte-identical photos, its checks, metadata and personal data', async () => {
    const store = await openTestStore(root);
    const p = pair(0);
    const { submissionId } = await store.acceptSubmission({
      sessionId: null, standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg, checks: SAMPLE_CHECKS,
      metadata: { boothVersion: '0.1.0', camera: 'test' }, personal: samplePersonal(1),
    });
    expect(submissionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const s = await store.readSubmissionForUpload(submissionId);
    expect(s.standardized.jpeg.equals(p.standardizedJpeg)).toBe(true);
    expect(s.original.jpeg.equals(p.originalJpeg)).toBe(true);
    expect(s.standardized.sha256).toBe(sha(p.standardizedJpeg));
    expect(s.original.size).toBe(p.originalJpeg.length);
    expect(s.checks).toEqual(SAMPLE_CHECKS);
    expect(s.metadata).toEqual({ boothVersion: '0.1.0', camera: 'test' });
    expect(s.personal).toEqual(samplePersonal(1));
    expect(s.state).toBe('queued');
    expect(store.submissionCounts()).toMatchObject({ queued: 1, acknowledged: 0 });
    expect(store.jobs.countsByKind()['submission.upload']).toEqual({ pending: 1, running: 0, dead: 0 });
    store.close();
  });

  it('photo files on disk are encrypted: neither JPEG appears in any file of the data dir', async () => {
    const store = await openTestStore(root);
    const p = pair(1);
    await store.acceptSubmission({ sessionId: null, standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg, checks: [], metadata: {}, personal: samplePersonal(2) });
    store.close();
    const files = await readdir(path.join(root, 'data'), { recursive: true, withFileTypes: true });
    const needle = p.originalJpeg.subarray(1000, 1064);
    for (const f of files.filter((e) => e.isFile())) {
      const data = await readFile(path.join(f.parentPath, f.name));
      expect(data.includes(needle), `${f.name} holds JPEG bytes in clear`).toBe(false);
      expect(data.includes(p.standardizedJpeg.subarray(600, 664))).toBe(false);
    }
  });

  it('acknowledged submissions leave the unsynced count, and the oldest unsynced age follows the queue', async () => {
    let now = 1_000_000;
    const store = await openTestStore(root, { now: () => now });
    const a = await store.acceptSubmission({ sessionId: null, ...pick(pair(0)), checks: [], metadata: {}, personal: samplePersonal(1) });
    now += 5_000;
    await store.acceptSubmission({ sessionId: null, ...pick(pair(1)), checks: [], metadata: {}, personal: samplePersonal(2) });
    now += 1_000;
    expect(store.oldestUnsyncedAgeMs()).toBe(6_000);
    store.markAcknowledged(a.submissionId, now);
    store.markAcknowledged(a.submissionId, now); // idempotent: a retried upload acknowledges twice
    expect(store.oldestUnsyncedAgeMs()).toBe(1_000);
    expect(store.submissionCounts()).toMatchObject({ queued: 1, acknowledged: 1 });
    expect(() => store.markAcknowledged('01ARZ3NDEKTSV4RRFFQ69G5FAV', now)).toThrow(SubmissionUnavailableError);
    store.close();
  });

  it('after a restart, orphan and half-written files are removed and every queued submission is kept', async () => {
    let store = await openTestStore(root);
    const { submissionId } = await store.acceptSubmission({ sessionId: null, ...pick(pair(0)), checks: [], metadata: {}, personal: samplePersonal(3) });
    store.close();
    const photosDir = path.join(root, 'data', 'photos');
    await writeFile(path.join(photosDir, '01ORPHAN0000000000000000AA.original.enc'), 'left by a crash before commit');
    await writeFile(path.join(photosDir, `${submissionId}.original.enc.tmp-abcdef`), 'half written');
    store = await openTestStore(root);
    expect(store.repairReport.orphanFilesRemoved).toBe(2);
    expect(store.repairReport.flagged).toEqual([]);
    expect((await readdir(photosDir)).sort()).toEqual([`${submissionId}.original.enc`, `${submissionId}.standardized.enc`]);
    expect((await store.readSubmissionForUpload(submissionId)).personal).toEqual(samplePersonal(3));
    store.close();
  });

  it('a submission whose photo file is missing or changed is flagged for the operator, not dropped', async () => {
    let store = await openTestStore(root);
    const missing = await store.acceptSubmission({ sessionId: null, ...pick(pair(0)), checks: [], metadata: {}, personal: samplePersonal(4) });
    const changed = await store.acceptSubmission({ sessionId: null, ...pick(pair(1)), checks: [], metadata: {}, personal: samplePersonal(5) });
    const fine = await store.acceptSubmission({ sessionId: null, ...pick(pair(2)), checks: [], metadata: {}, personal: samplePersonal(6) });
    store.close();
    const photosDir = path.join(root, 'data', 'photos');
    await unlink(path.join(photosDir, `${missing.submissionId}.original.enc`));
    const f = path.join(photosDir, `${changed.submissionId}.standardized.enc`);
    const bytes = await readFile(f);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await writeFile(f, bytes);

    store = await openTestStore(root);
    expect(store.repairReport.flagged.sort((a, b) => a.submissionId.localeCompare(b.submissionId))).toEqual([
      { submissionId: missing.submissionId, problem: 'file_missing' },
      { submissionId: changed.submissionId, problem: 'hash_mismatch' },
    ]);
    expect(store.submissionCounts()).toMatchObject({ queued: 3, flagged: 2 });
    expect(store.listFlagged().map((x) => x.problem).sort()).toEqual(['file_missing', 'hash_mismatch']);
    await expect(store.readSubmissionForUpload(changed.submissionId)).rejects.toMatchObject({ reason: 'hash_mismatch' });
    await expect(store.readSubmissionForUpload(missing.submissionId)).rejects.toMatchObject({ reason: 'file_missing' });
    expect((await store.readSubmissionForUpload(fine.submissionId)).state).toBe('queued');
    expect(store.audit.recent(10, 'submission.flagged')).toHaveLength(2);
    store.close();
  });

  it('an unfinished session is ended at restart and its captured photos deleted; a queued one is kept', async () => {
    let store = await openTestStore(root);
    let sessions = new SessionService({ store, log: quietLog });
    const done = await runSessionToAccepted(sessions, pair(0), 7);
    const { submissionId } = await sessions.submit(done, { checks: SAMPLE_CHECKS, metadata: {} });
    const open = await runSessionToAccepted(sessions, pair(1), 8);
    expect((await readdir(path.join(root, 'data', 'captures'))).length).toBe(2);
    store.close(); // as if the process died here

    store = await openTestStore(root);
    sessions = new SessionService({ store, log: quietLog });
    expect(store.repairReport.sessionsAbandoned).toBe(1);
    expect(sessions.current(open)).toMatchObject({ state: 'abandoned', endedReason: 'restart' });
    expect(store.sessions.personal(open)).toEqual({});
    expect(await readdir(path.join(root, 'data', 'captures'))).toEqual([]);
    expect(sessions.current(done)?.state).toBe('queued');
    expect((await store.readSubmissionForUpload(submissionId)).sessionId).toBe(done);
    expect(store.sessions.transitions(done).map((t) => t.to)).toEqual(['scanned', 'verified', 'posing', 'captured', 'reviewing', 'accepted', 'queued']);
    store.close();
  });

  it('the state machine refuses an event out of order, and the session keeps its state', async () => {
    const store = await openTestStore(root);
    const sessions = new SessionService({ store, log: quietLog });
    const id = sessions.start();
    await expect(sessions.apply(id, 'accept')).rejects.toBeInstanceOf(SessionTransitionError);
    await sessions.apply(id, 'scan', { personal: { code: 'GBSIM1.X' } });
    await expect(sessions.submit(id, { checks: [], metadata: {} })).rejects.toThrow(/no captured photos/);
    expect(sessions.current(id)?.state).toBe('scanned');
    store.close();
  });

  it('photos offered outside their step leave nothing on disk: a capture before posing, an accept before review', async () => {
    const store = await openTestStore(root);
    const sessions = new SessionService({ store, log: quietLog });
    const id = sessions.start();
    await sessions.apply(id, 'scan', { personal: { code: 'GBSIM1.Z' } });
    await expect(sessions.saveCapture(id, pick(pair(0)))).rejects.toBeInstanceOf(SessionTransitionError);
    await expect(store.acceptSubmission({ sessionId: id, ...pick(pair(0)), checks: [], metadata: {}, personal: samplePersonal(1) })).rejects.toBeInstanceOf(SessionTransitionError);
    expect(await store.files.listAll()).toEqual([]);
    expect(store.submissionCounts().queued).toBe(0);
    store.close();
  });

  it('a caller that reports states (the booth API) drives the same persisted machine', async () => {
    const store = await openTestStore(root);
    const sessions = new SessionService({ store, log: quietLog });
    const id = sessions.start('api-session-1');
    expect(await sessions.moveTo(id, 'scanned', { personal: { code: 'GBSIM1.API' } })).toBe('scanned');
    expect(await sessions.moveTo(id, 'verified')).toBe('verified');
    await expect(sessions.moveTo(id, 'accepted')).rejects.toBeInstanceOf(SessionTransitionError);
    expect(await sessions.moveTo(id, 'abandoned')).toBe('abandoned');
    expect(store.sessions.transitions(id).map((t) => t.event)).toEqual(['scan', 'verify', 'abandon']);
    store.close();
  });

  it('a retake deletes the rejected capture and a timed-out session clears itself', async () => {
    let now = 5_000_000;
    const store = await openTestStore(root, { now: () => now });
    const sessions = new SessionService({ store, log: quietLog });
    const id = sessions.start();
    await sessions.apply(id, 'scan', { personal: { code: 'GBSIM1.Y' } });
    await sessions.apply(id, 'verify', { personal: { last4: '1234' } });
    await sessions.apply(id, 'pose');
    await sessions.saveCapture(id, pick(pair(0)));
    await sessions.apply(id, 'review');
    await sessions.apply(id, 'retake');
    expect(await readdir(path.join(root, 'data', 'captures'))).toEqual([]);
    now += 299_000;
    expect(await sessions.sweepTimeouts()).toEqual([]);
    now += 2_000;
    expect(await sessions.sweepTimeouts()).toEqual([id]);
    expect(sessions.current(id)).toMatchObject({ state: 'abandoned', endedReason: 'timeout' });
    store.close();
  });

  it('the schema is migrated once, and a database from a newer GradBooth is refused, not damaged', async () => {
    const store = await openTestStore(root);
    store.close();
    const file = path.join(root, 'data', 'booth.sqlite');
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'booth_config', 'code_attempts', 'jobs', 'outbox', 'photo_files', 'session_captures', 'session_transitions', 'sessions', 'submissions']));
    db.pragma('user_version = 99');
    db.close();
    await expect(openTestStore(root)).rejects.toThrow(/schema v99 is newer.*do not delete the data directory/);
  });

  it('opening the data with a different key fails with an operator-readable KeyMismatchError', async () => {
    const store = await openTestStore(root);
    await store.acceptSubmission({ sessionId: null, ...pick(pair(0)), checks: [], metadata: {}, personal: samplePersonal(9) });
    store.close();
    await writeFile(path.join(root, 'key', 'booth.key'), Buffer.alloc(32, 7));
    const err = await openTestStore(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyMismatchError);
    expect((err as Error).message).toMatch(/Key loss/);
  });
});

function pick(p: PhotoPair): { standardizedJpeg: Buffer; originalJpeg: Buffer } {
  return { standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg };
}

async function runSessionToAccepted(sessions: SessionService, p: PhotoPair, i: number): Promise<string> {
  const id = sessions.start();
  const personal = samplePersonal(i);
  await sessions.apply(id, 'scan', { personal: { code: personal.code } });
  await sessions.apply(id, 'verify', { personal: { last4: personal.last4, maskedName: personal.maskedName, school: personal.school, category: personal.category } });
  await sessions.apply(id, 'pose');
  await sessions.saveCapture(id, pick(p));
  await sessions.apply(id, 'review');
  await sessions.apply(id, 'accept');
  return id;
}
