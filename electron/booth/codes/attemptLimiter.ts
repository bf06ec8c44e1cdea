// Rate limits wrong last-4 answers: 5 per code locks that code for an hour, and a booth-wide
// ceiling stops someone walking through many codes at one booth.
import type { BoothStore } from '../store/boothStore.ts';
import type { AttemptRow } from '../store/codeAttemptTable.ts';

export const ATTEMPT_LIMITS = {
  perCode: 5,
  perBooth: 20,
  windowMs: 60 * 60_000,
  lockMs: 60 * 60_000,
} as const;

const BOOTH_SCOPE = 'booth';

export type AttemptCheck =
  | { allowed: true; remaining: number }
  | { allowed: false; scope: 'code' | 'booth'; retryAt: number; message_zh: string; message_en: string };

export class AttemptLimiter {
  private readonly store: BoothStore;

  constructor(opts: { store: BoothStore }) {
    this.store = opts.store;
  }

  /** Whether a last-4 answer for `code` may be tried now, and how many wrong answers remain. */
  check(code: string, now: number): AttemptCheck {
    const codeRow = this.current(this.store.codes.codeScope(code), now);
    const boothRow = this.current(BOOTH_SCOPE, now);
    for (const [scope, row] of [['code', codeRow], ['booth', boothRow]] as const) {
      if (row.lockedUntil !== null && row.lockedUntil > now) {
        const minutes = Math.ceil((row.lockedUntil - now) / 60_000);
        return scope === 'code'
          ? { allowed: false, scope, retryAt: row.lockedUntil, message_zh: `身份证后4位错误次数过多，此采集码已锁定，请${minutes}分钟后再试或联系工作人员。`, message_en: `Too many wrong last-4 answers for this code; locked for ${minutes} more minutes.` }
          : { allowed: false, scope, retryAt: row.lockedUntil, message_zh: `本机验证失败次数过多，已暂停验证，请${minutes}分钟后再试或联系工作人员。`, message_en: `Too many wrong last-4 answers at this booth; verification paused for ${minutes} more minutes.` };
      }
    }
    return { allowed: true, remaining: ATTEMPT_LIMITS.perCode - codeRow.failures };
  }

  /** The resolver said the last-4 does not match: count it for the code and for the booth. */
  recordFailure(code: string, now: number): AttemptCheck {
    this.bump(this.store.codes.codeScope(code), ATTEMPT_LIMITS.perCode, now);
    this.bump(BOOTH_SCOPE, ATTEMPT_LIMITS.perBooth, now);
    return this.check(code, now);
  }

  /** A correct answer clears the code's counter (the booth-wide one keeps counting). */
  recordSuccess(code: string): void {
    this.store.codes.clear(this.store.codes.codeScope(code));
  }

  private current(scope: string, now: number): AttemptRow {
    const row = this.store.codes.read(scope);
    const fresh = { failures: 0, windowStart: now, lockedUntil: null };
    if (!row) return fresh;
    if (row.lockedUntil !== null) return row.lockedUntil > now ? row : fresh;
    return now - row.windowStart >= ATTEMPT_LIMITS.windowMs ? fresh : row;
  }

  private bump(scope: string, limit: number, now: number): void {
    const row = this.current(scope, now);
    if (row.lockedUntil !== null) return;
    const failures = row.failures + 1;
    this.store.codes.write(scope, failures >= limit
      ? { failures: 0, windowStart: now, lockedUntil: now + ATTEMPT_LIMITS.lockMs }
      : { failures, windowStart: row.windowStart, lockedUntil: null });
  }
}
