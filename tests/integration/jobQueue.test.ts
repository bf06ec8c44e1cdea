// Durable work survives failures and restarts: the job queue retries with one backoff policy,
// gives up only on permanent errors, and resumes jobs a crash interrupted.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { JobQueue } from '../../electron/booth/jobs/jobQueue.ts';
import { retryDelayMs, BACKOFF } from '../../electron/booth/jobs/backoff.ts';
import { isRetryable, PermanentJobError, RetryLaterError } from '../../electron/booth/jobs/retryable.ts';
import { SubmissionUnavailableError } from '../../electron/booth/store/boothStore.ts';
import { openTestStore, makeTempDir, removeDir, quietLog } from './fixtures/boothStoreSetup.ts';

let root: string;
beforeEach(async () => {
  root = await makeTempDir('jobs');
});
afterEach(async () => {
  await removeDir(root);
});

describe('job queue', () => {
  it('a failing job is retried after the backoff delay and succeeds later; a done job leaves the table', async () => {
    let now = 10_000_000;
    const store = await openTestStore(root, { now: () => now });
    const queue = new JobQueue({ store, log: quietLog, random: () => 1 });
    let calls = 0;
    queue.register('test.flaky', async () => {
      calls += 1;
      if (calls < 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    });
    const id = queue.enqueue('test.flaky', { submissionId: 'X' });
    await queue.runDue();
    expect(calls).toBe(1);
    expect(store.jobs.get(id)).toMatchObject({ state: 'pending', attempts: 1, runAt: now + BACKOFF.baseMs });
    expect(queue.snapshot().lastErrors[0]?.lastError).toMatch(/ECONNREFUSED/);
    now += BACKOFF.baseMs - 1;
    await queue.runDue();
    expect(calls).toBe(1); // not due yet
    now += 1;
    await queue.runDue();
    expect(store.jobs.get(id)).toMatchObject({ attempts: 2, runAt: now + BACKOFF.baseMs * 2 });
    now += BACKOFF.baseMs * 2;
    await queue.runDue();
    expect(calls).toBe(3);
    expect(store.jobs.get(id)).toBeNull();
    store.close();
  });

  it('a permanent error makes the job dead for the operator, who can retry it', async () => {
    const store = await openTestStore(root);
    const queue = new JobQueue({ store, log: quietLog });
    let fail = true;
    queue.register('test.permanent', async () => {
      if (fail) throw Object.assign(new Error('HTTP 409 conflict'), { status: 409 });
    });
    const id = queue.enqueue('test.permanent', {});
    await queue.runDue();
    expect(store.jobs.get(id)?.state).toBe('dead');
    expect(queue.snapshot()).toMatchObject({ dead: 1, pending: 0, byKind: { 'test.permanent': { dead: 1 } } });
    fail = false;
    expect(queue.retryDead()).toBe(1);
    await queue.runDue();
    expect(store.jobs.get(id)).toBeNull();
    store.close();
  });

  it('a job interrupted by a crash runs again after restart', async () => {
    let store = await openTestStore(root);
    const id = store.jobs.enqueue('test.upload', { submissionId: 'A' }, { runAt: 0, now: 0 });
    expect(store.jobs.claimDue(['test.upload'], Date.now(), 1).map((j) => j.id)).toEqual([id]);
    store.close(); // the process died while the handler was running

    store = await openTestStore(root);
    expect(store.jobs.get(id)?.state).toBe('pending');
    const queue = new JobQueue({ store, log: quietLog });
    const seen: unknown[] = [];
    queue.register('test.upload', async (payload) => {
      seen.push(payload);
    });
    await queue.runDue();
    expect(seen).toEqual([{ submissionId: 'A' }]);
    store.close();
  });

  it('the runner picks up a job as soon as it is enqueued and honours runAt', async () => {
    const store = await openTestStore(root);
    const queue = new JobQueue({ store, log: quietLog });
    const ran: string[] = [];
    const done = new Promise<void>((resolve) => {
      queue.register('test.now', async (p) => {
        ran.push((p as { n: string }).n);
        if (ran.length === 2) resolve();
      });
    });
    queue.start();
    const t0 = Date.now();
    queue.enqueue('test.now', { n: 'later' }, { runAt: t0 + 300 });
    queue.enqueue('test.now', { n: 'first' });
    await done;
    expect(ran).toEqual(['first', 'later']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await queue.stop();
    store.close();
  });

  it('a dedupe key keeps one pending job of a kind', async () => {
    const store = await openTestStore(root);
    const queue = new JobQueue({ store, log: quietLog });
    const a = queue.enqueue('test.once', {}, { dedupeKey: 'once' });
    const b = queue.enqueue('test.once', {}, { dedupeKey: 'once' });
    expect(b).toBe(a);
    expect(store.jobs.countsByKind()['test.once']?.pending).toBe(1);
    store.close();
  });
});

describe('the one backoff policy', () => {
  it('grows exponentially with jitter in [d/2, d] and is capped at 15 minutes', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const d = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** (attempt - 1));
      expect(retryDelayMs(attempt, () => 0)).toBe(d / 2);
      expect(retryDelayMs(attempt, () => 1)).toBe(d);
      const r = retryDelayMs(attempt);
      expect(r).toBeGreaterThanOrEqual(d / 2);
      expect(r).toBeLessThanOrEqual(d);
    }
    expect(retryDelayMs(40, () => 1)).toBe(15 * 60_000);
  });

  it('a server Retry-After is a floor', () => {
    expect(retryDelayMs(1, () => 0, 60_000)).toBe(60_000);
  });
});

describe('isRetryable', () => {
  it('retries network errors, timeouts, 408/425/429/5xx and unknown errors', () => {
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    for (const status of [408, 425, 429, 500, 502, 503]) expect(isRetryable({ status })).toBe(true);
    expect(isRetryable(new RetryLaterError('busy', 5000))).toBe(true);
    expect(isRetryable(new Error('something odd'))).toBe(true);
  });

  it('does not retry permanent errors, other 4xx or local data that is gone', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422]) expect(isRetryable({ statusCode: status })).toBe(false);
    expect(isRetryable(new PermanentJobError('bad'))).toBe(false);
    expect(isRetryable(new SubmissionUnavailableError('X', 'purged'))).toBe(false);
  });
});
