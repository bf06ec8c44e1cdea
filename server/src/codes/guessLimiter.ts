// Limits guesses — last-4 per code and per booth (ARCHITECTURE §7), staff passwords per username, per
// trusted browser and per address — in the database, so every service node counts the same attempts.
// An attempt is counted *before* the check it guards runs (the resolver, scrypt): parallel guesses
// cannot all pass a limit that has not counted them yet.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/httpError.ts';

export const GUESS_LIMITS = {
  perCode: { failures: 5, windowMs: 60 * 60 * 1000, lockMs: 30 * 60 * 1000 },
  perBooth: { failures: 30, windowMs: 60 * 60 * 1000, lockMs: 60 * 60 * 1000 },
  /** staff password guesses per username (from browsers the user has not logged in with) and per trusted browser */
  perLogin: { failures: 10, windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000 },
  /** staff logins per client address, over every username: spraying one guess over many names */
  perAddress: { failures: 30, windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000 },
} as const;

type Limit = (typeof GUESS_LIMITS)[keyof typeof GUESS_LIMITS];

export interface GuessScope {
  /** e.g. `code:<key>`, `booth:<id>`, `login:<username>`, `login-address:<ip>` */
  key: string;
  limit: Limit;
  /** after a right answer: `clear` starts the scope afresh (what was guessed), `refund` only takes this attempt back */
  onRight: 'clear' | 'refund';
}

/** How the guarded check came out: `void` when it was no guess at all (an unknown collection code). */
export type GuessResult = 'right' | 'wrong' | 'void';

export interface GuessAttempt {
  /** Settles the counted attempt; returns the attempts left in the first scope (0: it is locked now). */
  settle(result: GuessResult): Promise<number>;
}

function lockedError(scope: string, lockedUntil: number, now: number): HttpError {
  const retryAfterSeconds = Math.ceil((lockedUntil - now) / 1000);
  const login = scope.startsWith('login');
  return new HttpError(429, 'too_many_guesses', `too many wrong ${login ? 'passwords' : 'last-4 attempts'} (${scope.split(':')[0]}); locked for ${retryAfterSeconds} s`, {
    message_zh: login
      ? `密码错误次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试。`
      : `证件号后四位错误次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试，或联系工作人员。`,
    retryAfterSeconds,
  });
}

export class GuessLimiter {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /**
   * Counts one attempt in every scope before the check runs; throws 429 (and counts nothing) while
   * a scope is locked, or when this attempt is over a scope's limit (which locks it).
   */
  async begin(scopes: readonly GuessScope[], now: number): Promise<GuessAttempt> {
    const counted: { scope: GuessScope; failures: number }[] = [];
    for (const scope of scopes) {
      const row = await this.count(scope, now);
      const over = row.failures > scope.limit.failures;
      if ((row.lockedUntil !== null && row.lockedUntil > now) || over) {
        // a locked scope did not count this attempt, and locking one starts it afresh: only the others give it back
        if (over) await this.lock(scope, now);
        await this.refund(counted.map((c) => c.scope));
        throw lockedError(scope.key, over ? now + scope.limit.lockMs : (row.lockedUntil as number), now);
      }
      counted.push({ scope, failures: row.failures });
    }
    return {
      settle: async (result) => {
        if (result === 'right') {
          const cleared = counted.filter((c) => c.scope.onRight === 'clear').map((c) => c.scope.key);
          if (cleared.length > 0) await this.db.deleteFrom('code_attempts').where('scope', 'in', cleared).execute();
          await this.refund(counted.filter((c) => c.scope.onRight === 'refund').map((c) => c.scope));
        } else if (result === 'void') {
          await this.refund(counted.map((c) => c.scope));
        } else {
          // the lock starts at the last allowed wrong answer, as the remaining count told the user
          for (const c of counted) if (c.failures >= c.scope.limit.failures) await this.lock(c.scope, now);
        }
        const first = counted[0];
        return result === 'wrong' && first ? Math.max(0, first.scope.limit.failures - first.failures) : (first?.scope.limit.failures ?? 0);
      },
    };
  }

  /** One atomic upsert (safe across nodes): the attempt counted in its window; a lock that ran out starts a fresh count. */
  private async count(scope: GuessScope, now: number): Promise<{ failures: number; lockedUntil: number | null }> {
    const windowOpen = now - scope.limit.windowMs;
    const locked = sql<boolean>`code_attempts.locked_until IS NOT NULL AND code_attempts.locked_until > ${now}`;
    const fresh = sql<boolean>`code_attempts.window_start < ${windowOpen} OR code_attempts.locked_until IS NOT NULL`;
    const row = await this.db.insertInto('code_attempts')
      .values({ scope: scope.key, failures: 1, window_start: now, locked_until: null })
      .onConflict((oc) => oc.column('scope').doUpdateSet({
        failures: sql<number>`CASE WHEN ${locked} THEN code_attempts.failures WHEN ${fresh} THEN 1 ELSE code_attempts.failures + 1 END`,
        window_start: sql<number>`CASE WHEN ${locked} THEN code_attempts.window_start WHEN ${fresh} THEN ${now} ELSE code_attempts.window_start END`,
        locked_until: sql<number | null>`CASE WHEN ${locked} THEN code_attempts.locked_until ELSE NULL END`,
      }))
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow();
    return { failures: Number(row.failures), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) };
  }

  /** the lock starts a fresh count: after it expires the user gets the full number of tries again */
  private async lock(scope: GuessScope, now: number): Promise<void> {
    await this.db.updateTable('code_attempts').set({ locked_until: now + scope.limit.lockMs, failures: 0, window_start: now })
      .where('scope', '=', scope.key)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .execute();
  }

  private async refund(scopes: readonly GuessScope[]): Promise<void> {
    if (scopes.length === 0) return;
    await this.db.updateTable('code_attempts').set({ failures: sql<number>`CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END` })
      .where('scope', 'in', scopes.map((s) => s.key)).execute();
  }
}
