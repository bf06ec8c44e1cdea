// SQL of persisted sessions: every transition a row, personal data sealed, captures on disk sealed.
import type { Database } from 'better-sqlite3';
import { nextState, isFinal, type SessionEvent, type SessionState } from '../../../shared/session/sessionMachine.ts';
import { sealJson, openJson, seal, open } from '../crypto/aead.ts';
import type { PhotoFiles, PhotoKind } from '../files/photoFiles.ts';
import type { Personal } from './personal.ts';

export interface SessionRecord {
  id: string;
  state: SessionState;
  createdAt: number;
  updatedAt: number;
  endedReason: string | null;
}

/** An event the state machine does not allow from the session's current state. */
export class SessionTransitionError extends Error {
  override readonly name = 'SessionTransitionError';
  readonly from: SessionState | null;
  readonly event: SessionEvent;

  constructor(sessionId: string, from: SessionState | null, event: SessionEvent) {
    super(from === null ? `session ${sessionId} does not exist` : `session ${sessionId}: '${event}' is not allowed in state '${from}'`);
    this.from = from;
    this.event = event;
  }
}

interface RawSession {
  id: string;
  state: SessionState;
  created_at: number;
  updated_at: number;
  ended_reason: string | null;
  personal_enc: Buffer | null;
}

export class SessionRecords {
  private readonly db: Database;
  private readonly key: Buffer;
  private readonly files: PhotoFiles;

  constructor(db: Database, key: Buffer, files: PhotoFiles) {
    this.db = db;
    this.key = key;
    this.files = files;
  }

  create(id: string, now: number): void {
    this.db.prepare(`INSERT INTO sessions (id, state, created_at, updated_at) VALUES (?, 'idle', ?, ?)`).run(id, now, now);
  }

  get(id: string): SessionRecord | null {
    const r = this.raw(id);
    return r ? { id: r.id, state: r.state, createdAt: r.created_at, updatedAt: r.updated_at, endedReason: r.ended_reason } : null;
  }

  /** Sessions that have not reached 'queued' or 'abandoned'. */
  unfinished(): SessionRecord[] {
    return (this.db.prepare(`SELECT id FROM sessions WHERE state NOT IN ('queued', 'abandoned')`).all() as { id: string }[])
      .map((r) => this.get(r.id))
      .filter((s): s is SessionRecord => s !== null);
  }

  /**
   * Applies `event` (checked against the pure table) and records the transition in one
   * transaction. `personal` fields are merged into the session's sealed personal data. Ending
   * the session wipes its personal data and capture rows; returns the capture files to delete.
   */
  transition(id: string, event: SessionEvent, now: number, opts: { personal?: Partial<Personal>; endedReason?: string } = {}): { state: SessionState; releasedFiles: string[] } {
    return this.db.transaction(() => {
      const r = this.raw(id);
      const to = r ? nextState(r.state, event) : null;
      if (!r || to === null) throw new SessionTransitionError(id, r?.state ?? null, event);
      let personalEnc = r.personal_enc;
      if (opts.personal) personalEnc = sealJson(this.key, { ...this.openPersonal(r), ...opts.personal }, `session:${id}:personal`);
      let released: string[] = [];
      // leaving a capture behind (retake) or ending the session drops its photos
      if (isFinal(to) || event === 'retake') released = this.dropCaptureRows(id);
      if (isFinal(to)) personalEnc = null;
      this.db.prepare('UPDATE sessions SET state = ?, updated_at = ?, ended_reason = ?, personal_enc = ? WHERE id = ?')
        .run(to, now, isFinal(to) ? (opts.endedReason ?? event) : null, personalEnc, id);
      this.db.prepare('INSERT INTO session_transitions (session_id, from_state, event, to_state, at) VALUES (?, ?, ?, ?, ?)').run(id, r.state, event, to, now);
      return { state: to, releasedFiles: released };
    })();
  }

  transitions(id: string): { from: SessionState; event: SessionEvent; to: SessionState; at: number }[] {
    return (this.db.prepare('SELECT from_state, event, to_state, at FROM session_transitions WHERE session_id = ? ORDER BY id').all(id) as
      { from_state: SessionState; event: SessionEvent; to_state: SessionState; at: number }[]).map((t) => ({ from: t.from_state, event: t.event, to: t.to_state, at: t.at }));
  }

  personal(id: string): Partial<Personal> {
    const r = this.raw(id);
    return r ? this.openPersonal(r) : {};
  }

  /** Seals and writes the session's photos, then records them (files durable before the rows); only while posing. */
  async saveCaptures(id: string, photos: Record<PhotoKind, Buffer>): Promise<void> {
    const current = this.raw(id)?.state ?? null;
    if (current === null || nextState(current, 'capture') === null) throw new SessionTransitionError(id, current, 'capture');
    const entries = (Object.keys(photos) as PhotoKind[]).map((kind) => ({ kind, rel: this.files.captureRel(id, kind), data: seal(this.key, photos[kind], `capture:${id}:${kind}`) }));
    await this.files.writeAll(entries);
    const upsert = this.db.prepare('INSERT INTO session_captures (session_id, kind, path) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET path = excluded.path');
    this.db.transaction(() => {
      for (const e of entries) upsert.run(id, e.kind, e.rel);
    })();
  }

  async readCaptures(id: string): Promise<Partial<Record<PhotoKind, Buffer>>> {
    const out: Partial<Record<PhotoKind, Buffer>> = {};
    for (const r of this.db.prepare('SELECT kind, path FROM session_captures WHERE session_id = ?').all(id) as { kind: PhotoKind; path: string }[]) {
      out[r.kind] = open(this.key, await this.files.read(r.path), `capture:${id}:${r.kind}`);
    }
    return out;
  }

  /** Every capture file a live session still refers to (the rest are orphans). */
  capturePaths(): string[] {
    return (this.db.prepare('SELECT path FROM session_captures').all() as { path: string }[]).map((r) => r.path);
  }

  private dropCaptureRows(id: string): string[] {
    const rows = this.db.prepare('SELECT path FROM session_captures WHERE session_id = ?').all(id) as { path: string }[];
    this.db.prepare('DELETE FROM session_captures WHERE session_id = ?').run(id);
    return rows.map((r) => r.path);
  }

  private raw(id: string): RawSession | undefined {
    return this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as RawSession | undefined;
  }

  private openPersonal(r: RawSession): Partial<Personal> {
    return r.personal_enc ? (openJson(this.key, r.personal_enc, `session:${r.id}:personal`) as Partial<Personal>) : {};
  }
}
