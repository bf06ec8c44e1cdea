// Runs the retention purge as a daily job on the booth's job queue.
import type { JobQueue } from '../jobs/jobQueue.ts';
import type { BoothStore } from '../store/boothStore.ts';
import { purgeAcknowledged } from './retentionPurge.ts';

export const RETENTION_JOB = 'retention.purge';
const EVERY_MS = 86_400_000;

/** Registers the handler; each run schedules the next, and a start with none scheduled adds one due now. */
export function scheduleRetention(queue: JobQueue, store: BoothStore): void {
  queue.register(RETENTION_JOB, async () => {
    await purgeAcknowledged(store);
    queue.enqueue(RETENTION_JOB, {}, { runAt: store.now() + EVERY_MS });
  });
  const scheduled = store.jobs.countsByKind()[RETENTION_JOB];
  if (!scheduled || scheduled.pending + scheduled.running === 0) queue.enqueue(RETENTION_JOB, {}, { runAt: store.now() });
}
