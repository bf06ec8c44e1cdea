// The booth store: opens SQLite (WAL, synchronous=FULL), migrates, repairs after a crash, and owns
// submissions; the one module (with its sibling tables) that writes SQL.
import Database from 'better-sqlite3';
import path from 'node:path';
import { ulid } from 'ulid';
import type { Logger } from 'pino';
import type { CheckResult } from '../../../shared/checkResult.ts';
import { migrate } from './migrations.ts';
import { JobTable } from './jobTable.ts';
import { ConfigTable } from './configTable.ts';
import { AuditLog } from './auditLog.ts';
import { CodeAttemptTable } from './codeAttemptTable.ts';
import { SessionRecords, SessionTransitionError } from './sessionRecords.ts';
import { ReportQueries } from './reportQueries.ts';
import type { Personal } from './personal.ts';
import { seal, open, sealJson, openJson, keyFingerprint, keyedDigest } from '../crypto/aead.ts';
import type { KeyProvider } from '../crypto/keyProvider.ts';
import { PhotoFiles, PHOTO_KINDS, type PhotoKind, type FileProblem } from '../files/photoFiles.ts';
import { sha256Hex, TEMP_MARKER } from '../files/durableWrite.ts';

export const DB_FILE = 'booth.sqlite';

export type Verification = 'verified' | 'deferred';
export type SubmissionState = 'queued' | 'acknowledged' | 'purged';

export interface AcceptSubmissionInput {
  /** the session in state 'accepted' that this ends (→ 'queued'); null for tools and benchmarks */
  sessionId: string | null;
  standardizedJpeg: Buffer;
  originalJpeg: Buffer;
  checks: CheckResult[];
  metadata: Record<string, unknown>;
  personal: Personal;
  verification?: Verification;
}

export interface PhotoForUpload {
  jpeg: Buffer;
  sha256: string;
  size: number;
}

export interface SubmissionForUpload {
  submissionId: string;
  sessionId: string | null;
  createdAt: number;
  state: SubmissionState;
  verification: Verification;
  standardized: PhotoForUpload;
  original: PhotoForUpload;
  checks: CheckResult[];
  metadata: Record<string, unknown>;
  personal: Personal;
}

export interface RepairReport {
  sessionsAbandoned: number;
  jobsReset: number;
  orphanFilesRemoved: number;
  filesVerified: number;
  flagged: { submissionId: string; problem: FileProblem }[];
}

/** The database was written with a different key: nothing sealed in it can be read. */
export class KeyMismatchError extends Error {
  override readonly name = 'KeyMismatchError';
}

export type UnavailableReason = 'not_found' | 'purged' | FileProblem;

/** A submission cannot be read for upload; `reason` says why. */
export class SubmissionUnavailableError extends Error {
  override readonly name = 'SubmissionUnavailableError';
  readonly reason: UnavailableReason;

  constructor(id: string, reason: UnavailableReason) {
    super(`submission ${id} cannot be read: ${reason}`);
    this.reason = reason;
  }
}

export interface OpenBoothStoreOptions {
  dir: string;
  keyProvider: KeyProvider;
  log: Logger;
  /** clock, for tests */
  now?: () => number;
}

interface RawSubmission {
  id: string;
  session_id: string | null;
  state: SubmissionState;
  verification: Verification;
  created_at: number;
  checks_json: string;
  metadata_enc: Buffer | null;
  personal_enc: Buffer | null;
  problem: FileProblem | null;
}

interface RawPhotoFile {
  submission_id: string;
  kind: PhotoKind;
  path: string;
  sha256: string;
  disk_sha256: string;
  size: number;
}

export async function openBoothStore(opts: OpenBoothStoreOptions): Promise<BoothStore> {
  const key = await opts.keyProvider.loadKey();
  const files = await PhotoFiles.open(opts.dir);
  const db = new Database(path.join(opts.dir, DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk (WAL fsync'd) when it returns, so "queued" survives a power cut
    db.pragma('synchronous = FULL');
    // deleted rows are zeroed, so wiped (sealed) personal data does not linger in free pages
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    migrate(db);
    const store = new BoothStore(db, key, files, opts.log, opts.now ?? Date.now);
    store.checkKey();
    await store.repair();
    return store;
  } catch (err) {
    db.close();
    throw err;
  }
}

export class BoothStore {
  readonly dir: string;
  readonly jobs: JobTable;
  readonly config: ConfigTable;
  readonly audit: AuditLog;
  readonly codes: CodeAttemptTable;
  readonly sessions: SessionRecords;
  readonly reports: ReportQueries;
  readonly files: PhotoFiles;
  readonly now: () => number;
  repairReport: RepairReport = { sessionsAbandoned: 0, jobsReset: 0, orphanFilesRemoved: 0, filesVerified: 0, flagged: [] };

  private readonly db: Database.Database;
  private readonly key: Buffer;
  private readonly log: Logger;

  constructor(db: Database.Database, key: Buffer, files: PhotoFiles, log: Logger, now: () => number) {
    this.db = db;
    this.key = key;
    this.files = files;
    this.log = log;
    this.now = now;
    this.dir = files.root;
    this.jobs = new JobTable(db);
    this.config = new ConfigTable(db);
    this.audit = new AuditLog(db);
    this.codes = new CodeAttemptTable(db, (code) => keyedDigest(key, 'code attempts', code));
    this.sessions = new SessionRecords(db, key, files);
    this.reports = new ReportQueries(db);
  }

  /** First start records the key's fingerprint; later starts refuse a different key (see docs/durability.md "Key loss"). */
  checkKey(): void {
    const fp = keyFingerprint(this.key);
    const stored = this.config.get<string | null>('key.fingerprint', null);
    if (stored === null) this.config.set('key.fingerprint', fp);
    else if (stored !== fp) {
      throw new KeyMismatchError(`the booth key does not match the one this data directory (${this.dir}) was written with: queued photos cannot be decrypted. Restore the original key (key file or OS keyring of the booth user); see docs/durability.md "Key loss" before doing anything else`);
    }
  }

  /**
   * Start-up repair after a crash or power cut: unfinished sessions ended (captures deleted),
   * jobs left running made pending, orphan and temp files removed, every kept photo checked
   * against its hash and flagged for the operator when missing or changed.
   */
  async repair(): Promise<RepairReport> {
    const now = this.now();
    let released: string[] = [];
    const unfinished = this.sessions.unfinished();
    for (const s of unfinished) {
      released = released.concat(this.sessions.transition(s.id, 'abandon', now, { endedReason: 'restart' }).releasedFiles);
      this.audit.append({ at: now, actor: 'system', action: 'session.abandoned', subject: s.id, detail: { reason: 'restart', state: s.state } });
    }
    const jobsReset = this.jobs.resetRunning(now);

    const known = new Set([...this.photoRows().map((r) => r.path), ...this.sessions.capturePaths()]);
    const orphans = (await this.files.listAll()).filter((rel) => !known.has(rel) || rel.includes(TEMP_MARKER));
    await this.files.remove([...new Set([...orphans, ...released])]);

    const flagged: RepairReport['flagged'] = [];
    const rows = this.photoRows();
    const problems = new Map<string, FileProblem | null>();
    for (const r of rows) {
      const p = await this.files.problem(r.path, r.disk_sha256);
      // a submission's problem is the first one any of its files has
      problems.set(r.submission_id, problems.get(r.submission_id) ?? p);
    }
    for (const [submissionId, problem] of problems) {
      this.setProblem(submissionId, problem, now);
      if (problem) flagged.push({ submissionId, problem });
    }
    this.repairReport = { sessionsAbandoned: unfinished.length, jobsReset, orphanFilesRemoved: orphans.length, filesVerified: rows.length, flagged };
    const level = flagged.length > 0 ? 'error' : 'info';
    this.log[level]({ ...this.repairReport, flagged: flagged.length }, flagged.length > 0 ? 'start-up repair flagged submissions with missing or changed photo files: the operator must check them' : 'start-up repair done');
    return this.repairReport;
  }

  /**
   * Makes an accepted photo durable: sealed files written and fsync'd (with their directory)
   * first, then one synchronous=FULL transaction records it as queued, ends its session and
   * enqueues its upload. A crash before the commit leaves only orphan files (removed at start-up).
   */
  async acceptSubmission(input: AcceptSubmissionInput): Promise<{ submissionId: string }> {
    const id = ulid();
    const createdAt = this.now();
    const verification = input.verification ?? 'verified';
    const photos: Record<PhotoKind, Buffer> = { standardized: input.standardizedJpeg, original: input.originalJpeg };
    if (input.sessionId !== null) this.assertSessionState(input.sessionId, 'accepted');
    const entries = PHOTO_KINDS.map((kind) => ({ kind, rel: this.files.photoRel(id, kind), data: seal(this.key, photos[kind], photoContext(id, kind)), plain: photos[kind] }));
    const written = await this.files.writeAll(entries);

    let released: string[] = [];
    const commit = this.db.transaction(() => {
      this.db.prepare(`INSERT INTO submissions (id, session_id, state, verification, created_at, checks_json, metadata_enc, personal_enc)
        VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`).run(
        id, input.sessionId, verification, createdAt, JSON.stringify(input.checks),
        sealJson(this.key, input.metadata, `submission:${id}:metadata`), sealJson(this.key, input.personal, `submission:${id}:personal`),
      );
      const addFile = this.db.prepare('INSERT INTO photo_files (submission_id, kind, path, sha256, disk_sha256, size, disk_size) VALUES (?, ?, ?, ?, ?, ?, ?)');
      entries.forEach((e, i) => addFile.run(id, e.kind, e.rel, sha256Hex(e.plain), written[i]?.diskSha256, e.plain.length, written[i]?.diskSize));
      if (input.sessionId !== null) released = this.sessions.transition(input.sessionId, 'queue', createdAt).releasedFiles;
      this.jobs.enqueue('submission.upload', { submissionId: id }, { runAt: createdAt, now: createdAt });
      if (verification === 'deferred') this.jobs.enqueue('code.resolve', { submissionId: id }, { runAt: createdAt, now: createdAt });
      this.audit.append({ at: createdAt, actor: 'student', action: 'submission.queued', subject: id, detail: { sessionId: input.sessionId, verification } });
    });
    try {
      commit();
    } catch (err) {
      // rolled back (e.g. the session moved on meanwhile): nothing refers to the files, remove them now
      await this.files.remove(written.map((w) => w.rel));
      throw err;
    }
    this.jobs.notify();
    await this.files.remove(released);
    this.log.info({ submissionId: id, verification }, 'submission queued');
    return { submissionId: id };
  }

  async readSubmissionForUpload(id: string): Promise<SubmissionForUpload> {
    const s = this.db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as RawSubmission | undefined;
    if (!s) throw new SubmissionUnavailableError(id, 'not_found');
    if (s.state === 'purged' || !s.personal_enc || !s.metadata_enc) throw new SubmissionUnavailableError(id, 'purged');
    const out: Partial<Record<PhotoKind, PhotoForUpload>> = {};
    for (const f of this.photoRows(id)) {
      const file = await this.files.readVerified(f.path, f.disk_sha256);
      if ('problem' in file) {
        this.setProblem(id, file.problem, this.now());
        throw new SubmissionUnavailableError(id, file.problem);
      }
      const jpeg = open(this.key, file.data, photoContext(id, f.kind));
      if (sha256Hex(jpeg) !== f.sha256) throw new SubmissionUnavailableError(id, 'hash_mismatch');
      out[f.kind] = { jpeg, sha256: f.sha256, size: f.size };
    }
    if (!out.standardized || !out.original) throw new SubmissionUnavailableError(id, 'file_missing');
    return {
      submissionId: s.id, sessionId: s.session_id, createdAt: s.created_at, state: s.state, verification: s.verification,
      standardized: out.standardized, original: out.original,
      checks: JSON.parse(s.checks_json) as CheckResult[],
      metadata: openJson(this.key, s.metadata_enc, `submission:${id}:metadata`) as Record<string, unknown>,
      personal: openJson(this.key, s.personal_enc, `submission:${id}:personal`) as Personal,
    };
  }

  /** The review service has stored it (idempotent); the retention grace period starts at `at`. */
  markAcknowledged(id: string, at: number): void {
    const changed = this.db.prepare(`UPDATE submissions SET state = 'acknowledged', acknowledged_at = ? WHERE id = ? AND state = 'queued'`).run(at, id).changes;
    if (changed > 0) this.audit.append({ at, actor: 'system', action: 'submission.acknowledged', subject: id });
    else if (!this.db.prepare('SELECT 1 FROM submissions WHERE id = ?').get(id)) throw new SubmissionUnavailableError(id, 'not_found');
  }

  submissionCounts(): Record<SubmissionState | 'flagged', number> {
    const out = { queued: 0, acknowledged: 0, purged: 0, flagged: 0 };
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n, COUNT(problem) AS p FROM submissions GROUP BY state').all() as { state: SubmissionState; n: number; p: number }[]) {
      out[r.state] = r.n;
      out.flagged += r.p;
    }
    return out;
  }

  oldestUnsyncedAt(): number | null {
    return (this.db.prepare(`SELECT MIN(created_at) AS t FROM submissions WHERE state = 'queued'`).get() as { t: number | null }).t;
  }

  oldestUnsyncedAgeMs(now = this.now()): number | null {
    const t = this.oldestUnsyncedAt();
    return t === null ? null : now - t;
  }

  listFlagged(): { submissionId: string; problem: FileProblem; flaggedAt: number }[] {
    return (this.db.prepare('SELECT id, problem, problem_at FROM submissions WHERE problem IS NOT NULL ORDER BY created_at').all() as { id: string; problem: FileProblem; problem_at: number }[])
      .map((r) => ({ submissionId: r.id, problem: r.problem, flaggedAt: r.problem_at }));
  }

  /** Ids of submissions of a state, oldest first (acknowledged ones: by acknowledgement time up to `before`). */
  listSubmissionIds(state: SubmissionState, opts: { acknowledgedBefore?: number; limit?: number } = {}): string[] {
    return (this.db.prepare(`SELECT id FROM submissions WHERE state = ? AND (? IS NULL OR acknowledged_at <= ?) ORDER BY created_at LIMIT ?`)
      .all(state, opts.acknowledgedBefore ?? null, opts.acknowledgedBefore ?? null, opts.limit ?? -1) as { id: string }[]).map((r) => r.id);
  }

  /**
   * Purges acknowledged submissions: personal data, metadata and file rows go in one commit,
   * then the files (a crash in between leaves orphans that start-up repair removes).
   * Unacknowledged submissions are never purged.
   */
  async purgeSubmissions(ids: readonly string[], actor: 'system' | 'operator'): Promise<number> {
    const now = this.now();
    const paths: string[] = [];
    let purged = 0;
    this.db.transaction(() => {
      for (const id of ids) {
        const changed = this.db.prepare(`UPDATE submissions SET state = 'purged', purged_at = ?, personal_enc = NULL, metadata_enc = NULL WHERE id = ? AND state = 'acknowledged'`).run(now, id).changes;
        if (changed === 0) continue;
        purged += 1;
        paths.push(...this.photoRows(id).map((r) => r.path));
        this.db.prepare('DELETE FROM photo_files WHERE submission_id = ?').run(id);
        this.audit.append({ at: now, actor, action: 'submission.purged', subject: id });
      }
    })();
    await this.files.remove(paths);
    return purged;
  }

  /** SQLite's own consistency check ('ok' when the database is sound), for the staff screen's diagnostics. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  }

  close(): void {
    this.db.close();
  }

  private photoRows(submissionId?: string): RawPhotoFile[] {
    return this.db.prepare('SELECT * FROM photo_files WHERE (? IS NULL OR submission_id = ?)').all(submissionId ?? null, submissionId ?? null) as RawPhotoFile[];
  }

  private setProblem(id: string, problem: FileProblem | null, now: number): void {
    const changed = this.db.prepare('UPDATE submissions SET problem = ?, problem_at = ? WHERE id = ? AND problem IS NOT ?').run(problem, problem ? now : null, id, problem).changes;
    if (changed > 0) {
      this.audit.append({ at: now, actor: 'system', action: problem ? 'submission.flagged' : 'submission.unflagged', subject: id, detail: { problem } });
      if (problem) this.log.error({ submissionId: id, problem }, 'submission photo file is missing or changed: flagged for the operator');
    }
  }

  private assertSessionState(sessionId: string, state: 'accepted'): void {
    const s = this.sessions.get(sessionId);
    if (s?.state !== state) throw new SessionTransitionError(sessionId, s?.state ?? null, 'queue');
  }
}

function photoContext(id: string, kind: PhotoKind): string {
  return `photo:${id}:${kind}`;
}
