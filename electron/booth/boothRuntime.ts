// The booth's background work, started the same way by both hosts (Electron and the web host): the
// job queue runner, the review-service sync on it (outbox uploads, decision pulls, heartbeats,
// deferred code resolution) and the daily retention purge. None of it blocks the student flow.
import type { Logger } from 'pino';
import { JobQueue } from './jobs/jobQueue.ts';
import { scheduleRetention } from './retention/retentionJob.ts';
import type { BoothStore } from './store/boothStore.ts';
import { BoothSync } from './sync/boothSync.ts';

export interface BoothRuntimeOptions {
  store: BoothStore;
  /** the booth data key: seals the booth's signing key for the review service */
  dataKey: Buffer;
  log: Logger;
  appVersion: string;
  /** the review service changed the booth's assigned configuration */
  onConfigChanged?: () => void;
}

export interface BoothRuntime {
  queue: JobQueue;
  sync: BoothSync;
  stop(): Promise<void>;
}

export function startBoothRuntime(options: BoothRuntimeOptions): BoothRuntime {
  const { store, dataKey, log, appVersion, onConfigChanged } = options;
  const queue = new JobQueue({ store, log });
  const sync = new BoothSync({ store, queue, dataKey, log, appVersion, ...(onConfigChanged ? { onConfigChanged } : {}) });
  scheduleRetention(queue, store);
  queue.start();
  return {
    queue,
    sync,
    async stop() {
      sync.stop();
      await queue.stop();
    },
  };
}
