// SQL of wrong-last-4 attempt counters, keyed per booth and per HMAC of a code (never the code itself).
import type { Database } from 'better-sqlite3';

export interface AttemptRow {
  failures: number;
  windowStart: number;
  lockedUntil: number | null;
}

export class CodeAttemptTable {
  private readonly db: Database;
  private readonly scopeOf: (code: string) => string;

  constructor(db: Database, codeDigest: (code: string) => string) {
    this.db = db;
    this.scopeOf = codeDigest;
  }

  /** The counter key for one code: a keyed digest, so the table reveals no codes. */
  codeScope(code: string): string {
    return `code:${this.scopeOf(code)}`;
  }

  read(scope: string): AttemptRow | null {
    const r = this.db.prepare('SELECT failures, window_start, locked_until FROM code_attempts WHERE scope_key = ?').get(scope) as
      { failures: number; window_start: number; locked_until: number | null } | undefined;
    return r ? { failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until } : null;
  }

  write(scope: string, row: AttemptRow): void {
    this.db.prepare(`INSERT INTO code_attempts (scope_key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
      ON CONFLICT (scope_key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`)
      .run(scope, row.failures, row.windowStart, row.lockedUntil);
  }

  clear(scope: string): void {
    this.db.prepare('DELETE FROM code_attempts WHERE scope_key = ?').run(scope);
  }
}
