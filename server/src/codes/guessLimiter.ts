// Limits wrong guesses — last-4 per code and per booth (ARCHITECTURE §7), staff passwords per
// username — in the database so every service node counts the same attempts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/httpError.ts';

export const GUESS_LIMITS = {
  perCode: { failures: 5, windowMs: 60 * 60 * 1000, lockMs: 30 * 60 * 1000 },
  perBooth: { failures: 30, windowMs: 60 * 60 * 1000, lockMs: 60 * 60 * 1000 },
  /** staff password guesses per username */
  perLogin: { failures: 10, windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000 },
} as const;

type Limit = (typeof GUESS_LIMITS)[keyof typeof GUESS_LIMITS];

export class GuessLimiter {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Throws 429 while either scope is locked. */
  async assertOpen(scopes: string[], now: number): Promise<void> {
    const rows = await this.db.selectFrom('code_attempts').selectAll().where('scope', 'in', scopes).execute();
    for (const row of rows) {
      if (row.locked_until !== null && row.locked_until > now) {
        const retryAfterSeconds = Math.ceil((row.locked_until - now) / 1000);
        const login = row.scope.startsWith('login:');
        throw new HttpError(429, 'too_many_guesses', `too many wrong ${login ? 'passwords' : 'last-4 attempts'} (${row.scope.split(':')[0]}); locked for ${retryAfterSeconds} s`, {
          message_zh: login
            ? `密码错误次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试。`
            : `证件号后四位错误次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试，或联系工作人员。`,
          retryAfterSeconds,
        });
      }
    }
  }

  /** Counts one failure in a scope (one atomic upsert, safe across nodes); returns the attempts left before the lock. */
  async recordFailure(scope: string, limit: Limit, now: number): Promise<number> {
    const windowOpen = now - limit.windowMs;
    const row = await this.db.insertInto('code_attempts')
      .values({ scope, failures: 1, window_start: now, locked_until: null })
      .onConflict((oc) => oc.column('scope').doUpdateSet({
        failures: sql<number>`CASE WHEN code_attempts.window_start < ${windowOpen} THEN 1 ELSE code_attempts.failures + 1 END`,
        window_start: sql<number>`CASE WHEN code_attempts.window_start < ${windowOpen} THEN ${now} ELSE code_attempts.window_start END`,
      }))
      .returning('failures')
      .executeTakeFirstOrThrow();
    if (row.failures >= limit.failures) {
      // the lock starts a fresh count: after it expires the student gets the full number of tries again
      await this.db.updateTable('code_attempts').set({ locked_until: now + limit.lockMs, failures: 0, window_start: now }).where('scope', '=', scope).execute();
    }
    return Math.max(0, limit.failures - row.failures);
  }

  async clear(scope: string): Promise<void> {
    await this.db.deleteFrom('code_attempts').where('scope', '=', scope).execute();
  }
}
