// The student session as the booth runs it: each event checked against the pure table and
// persisted, photos kept sealed while reviewing, the accepted photo handed to the store.
import { ulid } from 'ulid';
import type { Logger } from 'pino';
import { eventBetween, isTimedOut, type SessionEvent, type SessionState } from '../../../shared/session/sessionMachine.ts';
import { SessionTransitionError } from '../store/sessionRecords.ts';
import type { CheckResult } from '../../../shared/checkResult.ts';
import type { BoothStore, Verification } from '../store/boothStore.ts';
import type { Personal } from '../store/personal.ts';
import type { SessionRecord } from '../store/sessionRecords.ts';

/** Personal data missing when the session tries to submit: the flow skipped scan or verify. */
export class SessionIncompleteError extends Error {
  override readonly name = 'SessionIncompleteError';
}

export class SessionService {
  private readonly store: BoothStore;
  private readonly log: Logger;

  constructor(opts: { store: BoothStore; log: Logger }) {
    this.store = opts.store;
    this.log = opts.log;
  }

  /** Opens a session in state 'idle'; `id` lets the booth API use the session id it already gave the renderer. */
  start(id: string = ulid()): string {
    this.store.sessions.create(id, this.store.now());
    return id;
  }

  /** Moves the session on; `personal` (from scan and verify) is stored sealed. Throws SessionTransitionError when not allowed. */
  async apply(id: string, event: Exclude<SessionEvent, 'queue' | 'abandon'>, data: { personal?: Partial<Personal> } = {}): Promise<SessionState> {
    const { state, releasedFiles } = this.store.sessions.transition(id, event, this.store.now(), data.personal ? { personal: data.personal } : {});
    await this.store.files.remove(releasedFiles);
    this.log.info({ sessionId: id, event, state }, 'session transition');
    return state;
  }

  /**
   * For callers that report the state reached rather than the event (the booth API's
   * recordTransition): applies the one event that leads there from the current state.
   */
  async moveTo(id: string, state: SessionState, data: { personal?: Partial<Personal>; reason?: string } = {}): Promise<SessionState> {
    const from = this.store.sessions.get(id)?.state ?? null;
    const event = from === null ? null : eventBetween(from, state);
    if (event === null || event === 'queue') throw new SessionTransitionError(id, from, event ?? 'queue');
    if (event === 'abandon') {
      await this.abandon(id, data.reason ?? 'student left');
      return 'abandoned';
    }
    return this.apply(id, event, data.personal ? { personal: data.personal } : {});
  }

  /** Keeps the captured photos (sealed) for review and moves posing → captured. */
  async saveCapture(id: string, photos: { standardizedJpeg: Buffer; originalJpeg: Buffer }): Promise<SessionState> {
    await this.store.sessions.saveCaptures(id, { standardized: photos.standardizedJpeg, original: photos.originalJpeg });
    return this.apply(id, 'capture');
  }

  /** Submits an accepted session's captured photos: durable, then the session is 'queued'. */
  async submit(id: string, data: { checks: CheckResult[]; metadata: Record<string, unknown>; verification?: Verification }): Promise<{ submissionId: string }> {
    const photos = await this.store.sessions.readCaptures(id);
    const p = this.store.sessions.personal(id);
    if (!photos.standardized || !photos.original) throw new SessionIncompleteError(`session ${id} has no captured photos to submit`);
    if (p.code === undefined || p.last4 === undefined) throw new SessionIncompleteError(`session ${id} was not scanned and verified`);
    const personal: Personal = { code: p.code, last4: p.last4, maskedName: p.maskedName ?? '', school: p.school ?? '', category: p.category ?? '' };
    return this.store.acceptSubmission({
      sessionId: id, standardizedJpeg: photos.standardized, originalJpeg: photos.original, checks: data.checks, metadata: data.metadata, personal,
      ...(data.verification ? { verification: data.verification } : {}),
    });
  }

  /** Ends an unfinished session: its captures and personal data are deleted. */
  async abandon(id: string, reason: string): Promise<void> {
    const { releasedFiles } = this.store.sessions.transition(id, 'abandon', this.store.now(), { endedReason: reason });
    await this.store.files.remove(releasedFiles);
    this.store.audit.append({ at: this.store.now(), actor: 'system', action: 'session.abandoned', subject: id, detail: { reason } });
    this.log.info({ sessionId: id, reason }, 'session abandoned');
  }

  /** Abandons every session left in a state longer than its timeout (the screen clears itself). */
  async sweepTimeouts(now = this.store.now()): Promise<string[]> {
    const ended: string[] = [];
    for (const s of this.store.sessions.unfinished()) {
      if (!isTimedOut(s.state, s.updatedAt, now)) continue;
      await this.abandon(s.id, 'timeout');
      ended.push(s.id);
    }
    return ended;
  }

  current(id: string): SessionRecord | null {
    return this.store.sessions.get(id);
  }
}
