// Local copies are deleted only after the review service acknowledged them and the grace period
// passed (or the operator purges); an unacknowledged photo is never purged.
import { describe, it, expect, beforeAll, beforeEach, afterEach } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadPhotoPairs, type PhotoPair } from './fixtures/boothPhotos.ts';
import { openTestStore, makeTempDir, removeDir, samplePersonal, quietLog } from './fixtures/boothStoreSetup.ts';
import { purgeAcknowledged, purgeNow, GRACE_DAYS_CONFIG_KEY } from '../../electron/booth/retention/retentionPurge.ts';
import { scheduleRetention, RETENTION_JOB } from '../../electron/booth/retention/retentionJob.ts';
import { JobQueue } from '../../electron/booth/jobs/jobQueue.ts';
import type { BoothStore } from '../../electron/booth/store/boothStore.ts';

const DAY = 86_400_000;
let photos: PhotoPair[];
let root: string;
beforeAll(async () => {
  photos = await loadPhotoPairs();
});
beforeEach(async () => {
  root = await makeTempDir('retention');
});
afterEach(async () => {
  await removeDir(root);
});

async function accept(store: BoothStore, i: number): Promise<string> {
  const p = photos[i % photos.length];
  if (!p) throw new Error('no photos');
  return (await store.acceptSubmission({ sessionId: null, standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg, checks: [], metadata: {}, personal: samplePersonal(i) })).submissionId;
}

describe('retention', () => {
  it('purges acknowledged submissions after the 7-day default grace, keeps unacknowledged ones forever', async () => {
    let now = 1_700_000_000_000;
    const store = await openTestStore(root, { now: () => now });
    const acked = await accept(store, 1);
    const unacked = await accept(store, 2);
    store.markAcknowledged(acked, now);
    now += 7 * DAY - 1;
    expect(await purgeAcknowledged(store)).toBe(0);
    now += 1;
    expect(await purgeAcknowledged(store)).toBe(1);
    now += 365 * DAY;
    expect(await purgeAcknowledged(store)).toBe(0);
    expect(store.submissionCounts()).toMatchObject({ queued: 1, purged: 1 });
    await expect(store.readSubmissionForUpload(acked)).rejects.toMatchObject({ reason: 'purged' });
    expect((await store.readSubmissionForUpload(unacked)).personal).toEqual(samplePersonal(2));
    expect((await readdir(path.join(root, 'data', 'photos'))).every((f) => f.startsWith(unacked))).toBe(true);
    expect(store.audit.recent(5, 'submission.purged')).toHaveLength(1);
    store.close();
  });

  it('the grace period is booth configuration, and the operator can purge every acknowledged one now', async () => {
    let now = 1_700_000_000_000;
    const store = await openTestStore(root, { now: () => now });
    store.config.set(GRACE_DAYS_CONFIG_KEY, 1);
    const a = await accept(store, 1);
    const b = await accept(store, 2);
    store.markAcknowledged(a, now);
    now += DAY;
    expect(await purgeAcknowledged(store)).toBe(1);
    store.markAcknowledged(b, now);
    expect(await purgeNow(store)).toBe(1);
    expect(store.audit.recent(1, 'submission.purged')[0]?.actor).toBe('operator');
    expect(await readdir(path.join(root, 'data', 'photos'))).toEqual([]);
    store.close();
  });

  it('runs as a daily job on the queue and keeps exactly one scheduled across restarts', async () => {
    let now = 1_700_000_000_000;
    let store = await openTestStore(root, { now: () => now });
    const a = await accept(store, 1);
    store.markAcknowledged(a, now - 8 * DAY);
    let queue = new JobQueue({ store, log: quietLog });
    scheduleRetention(queue, store);
    await queue.runDue();
    expect(store.submissionCounts().purged).toBe(1);
    expect(store.jobs.countsByKind()[RETENTION_JOB]).toEqual({ pending: 1, running: 0, dead: 0 });
    expect(store.jobs.nextRunAt([RETENTION_JOB])).toBe(now + DAY);
    store.close();

    now += 1000;
    store = await openTestStore(root, { now: () => now });
    queue = new JobQueue({ store, log: quietLog });
    scheduleRetention(queue, store);
    expect(store.jobs.countsByKind()[RETENTION_JOB]?.pending).toBe(1);
    store.close();
  });
});
