// The booth's sync with the review service, wired onto the booth's job queue: upload jobs (the
// outbox), deferred code resolution, periodic decision pulls and heartbeats, and the state the
// staff screen shows. Nothing here blocks the student flow: it all runs as queued jobs.
import type { Logger } from 'pino';
import { API_PREFIX, type BoothConfig, type HeartbeatRequest } from '../../../shared/sync/protocol.ts';
import type { BoothStore } from '../store/boothStore.ts';
import type { JobQueue, JobQueueSnapshot } from '../jobs/jobQueue.ts';
import { jsonBody, SignedClient } from './signedClient.ts';
import { loadAssignedConfig, loadCredentials, type BoothCredentials } from './boothCredentials.ts';
import { enrollBooth } from './enrollment.ts';
import { UPLOAD_JOB, uploadJobHandler } from './uploadJob.ts';
import { PULL_JOB, decisionPullHandler, decisionSummary, type DecisionSummary } from './decisionPullJob.ts';
import { RESOLVE_JOB, deferredResolveHandler } from './deferredResolveJob.ts';

export const HEARTBEAT_JOB = 'sync.heartbeat';

export interface BoothSyncOptions {
  store: BoothStore;
  queue: JobQueue;
  /** the booth data key (from its KeyProvider): seals the booth's private signing key */
  dataKey: Buffer;
  log: Logger;
  appVersion: string;
  pullIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** the service changed the booth's assigned configuration (from the decisions feed) */
  onConfigChanged?: () => void;
  /** the booth clock for signatures (tests inject a wrong one) */
  clock?: () => number;
  timeoutMs?: number;
}

/** What the staff screen shows about sync. */
export interface SyncStatus {
  enrolled: boolean;
  boothId: string | null;
  serviceUrl: string | null;
  config: BoothConfig | null;
  /** submissions waiting for upload, and the oldest one's age */
  queued: number;
  acknowledged: number;
  oldestQueuedAgeMs: number | null;
  lastUploadAt: number | null;
  lastError: string | null;
  clockOffsetMs: number;
  jobs: JobQueueSnapshot;
  decisions: DecisionSummary;
}

export class BoothSync {
  private readonly opts: BoothSyncOptions;
  private credentials: BoothCredentials | null;
  private client: SignedClient | null = null;
  private timers: NodeJS.Timeout[] = [];
  private handlersRegistered = false;
  private lastUploadAt: number | null = null;
  private lastError: string | null = null;

  constructor(opts: BoothSyncOptions) {
    this.opts = opts;
    this.credentials = loadCredentials(opts.store, opts.dataKey);
    if (this.credentials) this.activate(this.credentials);
  }

  get enrolled(): boolean {
    return this.credentials !== null;
  }

  /** Operator: enrol with a one-time code; afterwards queued submissions start uploading. */
  async enroll(serviceUrl: string, enrollmentCode: string, label: string): Promise<BoothCredentials> {
    const credentials = await enrollBooth({ store: this.opts.store, dataKey: this.opts.dataKey, serviceUrl, enrollmentCode, label, ...(this.opts.clock ? { clock: this.opts.clock } : {}) });
    this.credentials = credentials;
    this.client = null;
    this.activate(credentials);
    return credentials;
  }

  /** Staff screen "sync now": pull decisions and report health right away. */
  syncNow(): void {
    if (!this.credentials) return;
    this.opts.queue.enqueue(PULL_JOB, {}, { dedupeKey: PULL_JOB });
    this.opts.queue.enqueue(HEARTBEAT_JOB, {}, { dedupeKey: HEARTBEAT_JOB });
  }

  status(): SyncStatus {
    const counts = this.opts.store.submissionCounts();
    return {
      enrolled: this.credentials !== null,
      boothId: this.credentials?.boothId ?? null,
      serviceUrl: this.credentials?.serviceUrl ?? null,
      config: this.credentials ? loadAssignedConfig(this.opts.store) : null,
      queued: counts.queued,
      acknowledged: counts.acknowledged,
      oldestQueuedAgeMs: this.opts.store.oldestUnsyncedAgeMs(),
      lastUploadAt: this.lastUploadAt,
      lastError: this.lastError,
      clockOffsetMs: this.client?.clockOffsetMs ?? 0,
      jobs: this.opts.queue.snapshot(),
      decisions: decisionSummary(this.opts.store),
    };
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** The enrolled identity (service URL, booth id, code shape), or null before enrollment. */
  get identity(): BoothCredentials | null {
    return this.credentials;
  }

  /**
   * The booth's one signed client, or null before enrollment: every request to the service (sync,
   * codes, payment) shares it, and with it the clock offset it learns from the service.
   */
  serviceClient(): SignedClient | null {
    return this.credentials ? this.signedClient() : null;
  }

  private signedClient(): SignedClient {
    if (!this.credentials) throw new Error('the booth is not enrolled with a review service yet');
    this.client ??= new SignedClient({
      baseUrl: this.credentials.serviceUrl, boothId: this.credentials.boothId, privateKey: this.credentials.privateKey,
      ...(this.opts.clock ? { clock: this.opts.clock } : {}), ...(this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {}),
    });
    return this.client;
  }

  private activate(credentials: BoothCredentials): void {
    const { queue, store, log } = this.opts;
    if (!this.handlersRegistered) {
      this.handlersRegistered = true;
      const client = () => this.signedClient();
      queue.register(UPLOAD_JOB, uploadJobHandler({
        store, client, log,
        config: () => this.credentials?.config ?? credentials.config,
        onResult: (result) => {
          if (result.ok) this.lastUploadAt = store.now();
          this.lastError = result.ok ? null : result.error ?? 'upload failed';
        },
      }));
      queue.register(RESOLVE_JOB, deferredResolveHandler({ store, client }));
      queue.register(PULL_JOB, decisionPullHandler({ store, client, log, boothId: () => this.credentials?.boothId ?? credentials.boothId, onConfigChanged: () => this.opts.onConfigChanged?.() }));
      queue.register(HEARTBEAT_JOB, () => this.heartbeat());
    }
    this.stop();
    const every = (ms: number, kind: string) => {
      const timer = setInterval(() => queue.enqueue(kind, {}, { dedupeKey: kind }), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.opts.pullIntervalMs ?? 60_000, PULL_JOB);
    every(this.opts.heartbeatIntervalMs ?? 300_000, HEARTBEAT_JOB);
    this.syncNow();
  }

  private async heartbeat(): Promise<void> {
    const status = this.status();
    const body: HeartbeatRequest = {
      appVersion: this.opts.appVersion,
      queueLength: status.queued,
      oldestQueuedAgeSeconds: status.oldestQueuedAgeMs === null ? null : Math.round(status.oldestQueuedAgeMs / 1000),
      health: {
        deadJobs: status.jobs.dead,
        flaggedSubmissions: this.opts.store.submissionCounts().flagged,
        clockOffsetMs: status.clockOffsetMs,
        lastError: status.lastError ?? '',
      },
    };
    await this.signedClient().call('POST', `${API_PREFIX}/booths/${status.boothId}/heartbeat`, 'heartbeat', jsonBody(body));
  }
}
