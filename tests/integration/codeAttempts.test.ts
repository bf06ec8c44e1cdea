// Wrong last-4 answers are rate-limited: 5 per code lock it for an hour, 20 per booth pause the
// booth; the counters survive a restart and never hold a code in clear.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AttemptLimiter, ATTEMPT_LIMITS } from '../../electron/booth/codes/attemptLimiter.ts';
import { openTestStore, makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

let root: string;
beforeEach(async () => {
  root = await makeTempDir('codes');
});
afterEach(async () => {
  await removeDir(root);
});

const CODE = 'GBSIM1.LimitTestCodeQz7Wx3';
const HOUR = 3_600_000;

describe('last-4 attempt limits', () => {
  it('the fifth wrong answer locks the code for an hour, across a restart; other codes still work', async () => {
    const t0 = 1_700_000_000_000;
    let store = await openTestStore(root);
    let limiter = new AttemptLimiter({ store });
    for (let i = 1; i <= 4; i++) {
      const r = limiter.recordFailure(CODE, t0 + i);
      expect(r).toMatchObject({ allowed: true, remaining: ATTEMPT_LIMITS.perCode - i });
    }
    const locked = limiter.recordFailure(CODE, t0 + 5);
    expect(locked).toMatchObject({ allowed: false, scope: 'code', retryAt: t0 + 5 + HOUR });
    if (!locked.allowed) expect(locked.message_zh).toMatch(/锁定.*60分钟/);
    store.close();

    store = await openTestStore(root);
    limiter = new AttemptLimiter({ store });
    expect(limiter.check(CODE, t0 + HOUR - 1).allowed).toBe(false);
    expect(limiter.check('GBSIM1.AnotherCodeQz7Wx3', t0 + 10).allowed).toBe(true);
    expect(limiter.check(CODE, t0 + 5 + HOUR)).toMatchObject({ allowed: true, remaining: ATTEMPT_LIMITS.perCode });
    store.close();
    const db = await readFile(path.join(root, 'data', 'booth.sqlite'));
    const wal = await readFile(path.join(root, 'data', 'booth.sqlite-wal')).catch(() => Buffer.alloc(0));
    expect(db.includes(Buffer.from(CODE)) || wal.includes(Buffer.from(CODE))).toBe(false);
  });

  it('a correct answer clears the code\'s count; failures older than an hour are forgotten', async () => {
    const store = await openTestStore(root);
    const limiter = new AttemptLimiter({ store });
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 4; i++) limiter.recordFailure(CODE, t0);
    limiter.recordSuccess(CODE);
    expect(limiter.check(CODE, t0)).toMatchObject({ allowed: true, remaining: 5 });
    for (let i = 0; i < 4; i++) limiter.recordFailure(CODE, t0);
    expect(limiter.recordFailure(CODE, t0 + HOUR)).toMatchObject({ allowed: true, remaining: 4 });
    store.close();
  });

  it('twenty wrong answers across different codes pause the whole booth for an hour', async () => {
    const store = await openTestStore(root);
    const limiter = new AttemptLimiter({ store });
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < ATTEMPT_LIMITS.perBooth - 1; i++) expect(limiter.recordFailure(`GBSIM1.Walker${i}xxxxxxxxxxxx`, t0 + i).allowed).toBe(true);
    const r = limiter.recordFailure('GBSIM1.WalkerLastxxxxxxxxxx', t0 + 100);
    expect(r).toMatchObject({ allowed: false, scope: 'booth' });
    expect(limiter.check('GBSIM1.NeverTriedxxxxxxxxxx', t0 + 200)).toMatchObject({ allowed: false, scope: 'booth' });
    expect(limiter.check('GBSIM1.NeverTriedxxxxxxxxxx', t0 + 100 + HOUR).allowed).toBe(true);
    store.close();
  });
});
