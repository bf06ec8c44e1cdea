// The booth's durable job queue: jobs live in SQLite, a runner claims due ones, calls the handler
// of their kind and retries failures with the one backoff policy; a restart picks up where it was.
import type { Logger } from 'pino';
import type { BoothStore } from '../store/boothStore.ts';
import type { JobCounts, JobRow } from '../store/jobTable.ts';
import { retryDelayMs } from './backoff.ts';
import { isRetryable, retryAfterMs } from './retryable.ts';

export type JobHandler = (payload: unknown, job: JobRow) => Promise<void>;

export interface JobQueueSnapshot extends JobCounts {
  byKind: Record<string, JobCounts>;
  nextRunAt: number | null;
  lastErrors: { id: number; kind: string; state: JobRow['state']; attempts: number; lastError: string | null; runAt: number }[];
}

export interface JobQueueOptions {
  store: BoothStore;
  log: Logger;
  /** handlers running at once; 1 keeps a 2-core booth responsive */
  concurrency?: number;
  /** longest sleep between looks at the table (jobs added by another process, clock changes) */
  pollMs?: number;
  random?: () => number;
}

export class JobQueue {
  private readonly store: BoothStore;
  private readonly log: Logger;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly random: () => number;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private unsubscribe: (() => void) | null = null;

  constructor(opts: JobQueueOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.concurrency = opts.concurrency ?? 1;
    this.pollMs = opts.pollMs ?? 30_000;
    this.random = opts.random ?? Math.random;
  }

  /** One handler per kind; jobs of kinds without a handler wait in the table until one registers. */
  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind '${kind}' is already registered`);
    this.handlers.set(kind, handler);
    if (this.started) this.wake();
  }

  enqueue(kind: string, payload: unknown, opts: { runAt?: number; dedupeKey?: string } = {}): number {
    const now = this.store.now();
    return this.store.jobs.enqueue(kind, payload, { runAt: opts.runAt ?? now, now, ...(opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}) });
  }

  /** Starts the runner; jobs a crash left 'running' are made pending again first. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const reset = this.store.jobs.resetRunning(this.store.now());
    if (reset > 0) this.log.warn({ jobs: reset }, 'jobs interrupted by a restart will run again');
    // woken on the next turn, so a handler never starts inside the caller's enqueue()
    this.unsubscribe = this.store.jobs.onEnqueued(() => setImmediate(() => this.wake()));
    this.wake();
  }

  /** Stops claiming jobs and waits for running handlers to finish. */
  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all(this.running);
  }

  /** Runs every job due now (and any that become due while doing so), then resolves. */
  async runDue(): Promise<void> {
    for (;;) {
      const claimed = this.claim();
      if (claimed.length === 0 && this.running.size === 0) return;
      await Promise.race(this.running);
    }
  }

  snapshot(errorLimit = 20): JobQueueSnapshot {
    const byKind = this.store.jobs.countsByKind();
    const total: JobCounts = { pending: 0, running: 0, dead: 0 };
    for (const c of Object.values(byKind)) {
      total.pending += c.pending;
      total.running += c.running;
      total.dead += c.dead;
    }
    return {
      ...total,
      byKind,
      nextRunAt: this.store.jobs.nextRunAt([...this.handlers.keys()]),
      lastErrors: this.store.jobs.withErrors(errorLimit).map((j) => ({ id: j.id, kind: j.kind, state: j.state, attempts: j.attempts, lastError: j.lastError, runAt: j.runAt })),
    };
  }

  /** Operator: give dead jobs (of one kind, or all) another go. */
  retryDead(kind?: string): number {
    const n = this.store.jobs.retryDead(this.store.now(), kind);
    if (n > 0) this.store.audit.append({ at: this.store.now(), actor: 'operator', action: 'jobs.retry_dead', detail: { kind: kind ?? null, jobs: n } });
    this.wake();
    return n;
  }

  private wake(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.claim();
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.running.size >= this.concurrency) return;
    const next = this.store.jobs.nextRunAt([...this.handlers.keys()]);
    const delay = next === null ? this.pollMs : Math.min(this.pollMs, Math.max(0, next - this.store.now()));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  /** Claims as many due jobs as there are free slots and starts them. */
  private claim(): JobRow[] {
    const free = this.concurrency - this.running.size;
    if (free <= 0 || this.handlers.size === 0) return [];
    const jobs = this.store.jobs.claimDue([...this.handlers.keys()], this.store.now(), free);
    for (const job of jobs) {
      const p = this.execute(job).finally(() => {
        this.running.delete(p);
        if (this.started) this.wake();
      });
      this.running.add(p);
    }
    return jobs;
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind '${job.kind}'`);
      await handler(job.payload, job);
      this.store.jobs.complete(job.id);
    } catch (err) {
      const now = this.store.now();
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (isRetryable(err)) {
        const runAt = now + retryDelayMs(job.attempts, this.random, retryAfterMs(err));
        this.store.jobs.reschedule(job.id, runAt, message, now);
        this.log.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, retryInMs: runAt - now, err: message }, 'job failed, will retry');
      } else {
        this.store.jobs.kill(job.id, message, now);
        this.store.audit.append({ at: now, actor: 'system', action: 'job.dead', subject: String(job.id), detail: { kind: job.kind, error: message } });
        this.log.error({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message }, 'job failed permanently: the operator can retry it from the staff screen');
      }
    }
  }
}
