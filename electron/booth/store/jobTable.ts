// SQL of the job queue's table: enqueue, claim due jobs, finish, reschedule, kill, counts.
import type { Database, Statement } from 'better-sqlite3';

export type JobState = 'pending' | 'running' | 'dead';

export interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  state: JobState;
  attempts: number;
  runAt: number;
  lastError: string | null;
  createdAt: number;
}

export interface JobCounts {
  pending: number;
  running: number;
  dead: number;
}

interface RawJob {
  id: number;
  kind: string;
  payload_json: string;
  state: JobState;
  attempts: number;
  run_at: number;
  last_error: string | null;
  created_at: number;
}

export class JobTable {
  private readonly db: Database;
  private readonly listeners = new Set<() => void>();
  private readonly insert: Statement;
  private readonly byDedupe: Statement;
  private readonly due: Statement;
  private readonly markRunning: Statement;

  constructor(db: Database) {
    this.db = db;
    this.insert = db.prepare(`INSERT INTO jobs (kind, payload_json, state, run_at, dedupe_key, created_at, updated_at)
      VALUES (?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`);
    this.byDedupe = db.prepare('SELECT id FROM jobs WHERE dedupe_key = ?');
    this.due = db.prepare(`SELECT * FROM jobs WHERE state = 'pending' AND run_at <= ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY run_at, id LIMIT ?`);
    this.markRunning = db.prepare(`UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'pending'`);
  }

  /**
   * Adds a job; with a `dedupeKey` that is already queued, returns the queued job's id instead.
   * Safe inside another store transaction (that is how an accepted submission enqueues its upload).
   */
  enqueue(kind: string, payload: unknown, opts: { runAt: number; dedupeKey?: string; now: number }): number {
    const info = this.insert.run(kind, JSON.stringify(payload ?? null), opts.runAt, opts.dedupeKey ?? null, opts.now, opts.now);
    const id = info.changes > 0 ? Number(info.lastInsertRowid) : (this.byDedupe.get(opts.dedupeKey) as { id: number }).id;
    if (!this.db.inTransaction) this.notify();
    return id;
  }

  /** Called by the queue runner to wake up when a job is added (after the adding transaction commits). */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }

  /** Marks up to `limit` due jobs of the given kinds as running (attempts + 1) and returns them. */
  claimDue(kinds: readonly string[], now: number, limit: number): JobRow[] {
    return this.db.transaction(() => {
      const rows = this.due.all(now, JSON.stringify(kinds), limit) as RawJob[];
      for (const r of rows) this.markRunning.run(now, r.id);
      return rows.map((r) => toJob({ ...r, state: 'running', attempts: r.attempts + 1 }));
    })();
  }

  /** The job is done: it leaves the table. */
  complete(id: number): void {
    this.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
  }

  reschedule(id: number, runAt: number, error: string, now: number): void {
    this.db.prepare(`UPDATE jobs SET state = 'pending', run_at = ?, last_error = ?, updated_at = ? WHERE id = ?`).run(runAt, error, now, id);
  }

  kill(id: number, error: string, now: number): void {
    this.db.prepare(`UPDATE jobs SET state = 'dead', last_error = ?, updated_at = ? WHERE id = ?`).run(error, now, id);
  }

  /** After a crash: jobs that were running did not finish; run them again (handlers are idempotent). */
  resetRunning(now: number): number {
    return this.db.prepare(`UPDATE jobs SET state = 'pending', run_at = MIN(run_at, ?), updated_at = ? WHERE state = 'running'`).run(now, now).changes;
  }

  retryDead(now: number, kind?: string): number {
    return this.db.prepare(`UPDATE jobs SET state = 'pending', run_at = ?, attempts = 0, updated_at = ? WHERE state = 'dead' AND (? IS NULL OR kind = ?)`).run(now, now, kind ?? null, kind ?? null).changes;
  }

  countsByKind(): Record<string, JobCounts> {
    const out: Record<string, JobCounts> = {};
    for (const r of this.db.prepare('SELECT kind, state, COUNT(*) AS n FROM jobs GROUP BY kind, state').all() as { kind: string; state: JobState; n: number }[]) {
      (out[r.kind] ??= { pending: 0, running: 0, dead: 0 })[r.state] = r.n;
    }
    return out;
  }

  nextRunAt(kinds: readonly string[]): number | null {
    const r = this.db.prepare(`SELECT MIN(run_at) AS t FROM jobs WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(?))`).get(JSON.stringify(kinds)) as { t: number | null };
    return r.t;
  }

  /** Jobs that have failed at least once, newest first, for the staff screen. */
  withErrors(limit: number): JobRow[] {
    return (this.db.prepare('SELECT * FROM jobs WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT ?').all(limit) as RawJob[]).map(toJob);
  }

  get(id: number): JobRow | null {
    const r = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as RawJob | undefined;
    return r ? toJob(r) : null;
  }
}

function toJob(r: RawJob): JobRow {
  return { id: r.id, kind: r.kind, payload: JSON.parse(r.payload_json) as unknown, state: r.state, attempts: r.attempts, runAt: r.run_at, lastError: r.last_error, createdAt: r.created_at };
}
