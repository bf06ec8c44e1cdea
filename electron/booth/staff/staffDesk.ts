// What the operator sees of the student at the booth and how they help: the desk watches the booth
// API calls go by (which session, masked name, last check verdicts, scans, the kiosk's camera
// reports), reads the step from the session log (whatever moved it: a call, a payment, a timeout),
// and acts through the same calls, so a help action follows the session's rules like the kiosk does.
// It keeps no personal data beyond the masked name, and only for the session in progress.
import type { BoothEventName, BoothEventPayload, BoothHandlers, CameraReport, VoiceReport } from '../../../shared/api/boothApi.ts';
import type { RuleId } from '../../../shared/checkResult.ts';
import type { StaffCallOutput } from '../../../shared/api/staffApi.ts';
import type { BoothStore } from '../store/boothStore.ts';

export type Emit = <E extends BoothEventName>(event: E, payload: BoothEventPayload<E>) => void;

type NowSession = NonNullable<StaffCallOutput<'staff.now'>['session']>;
type HelpResult = StaffCallOutput<'staff.help'>;

const refuse = (code: string, zh: string, en: string): HelpResult => ({ ok: false, error: { code, message_zh: zh, message_en: en } });

export class StaffDesk {
  private readonly store: BoothStore;
  private session: NowSession | null = null;
  private camera: (CameraReport & { reportedAt: number }) | null = null;
  private voiceReport: (VoiceReport & { reportedAt: number }) | null = null;
  private lastScan: { at: number; source: string } | null = null;
  private inner: BoothHandlers | null = null;
  private emit: Emit = () => {};

  constructor(store: BoothStore) {
    this.store = store;
  }

  /** The booth's handlers with the desk watching them; the hosts serve these. */
  watch(handlers: BoothHandlers, emit: Emit): BoothHandlers {
    this.inner = handlers;
    this.emit = emit;
    const now = () => this.store.now();
    return {
      ...handlers,
      'session.scan': async (input) => {
        const out = await handlers['session.scan'](input);
        this.lastScan = { at: now(), source: input.source };
        if (out.ok) this.session = { id: out.sessionId, state: 'scanned', maskedName: null, startedAt: now(), retakes: 0, checks: [], operatorOverrides: [] };
        return out;
      },
      'session.verify': async (input) => {
        const out = await handlers['session.verify'](input);
        if (out.ok) this.update(input.sessionId, { maskedName: out.record.maskedName });
        return out;
      },
      'session.capture': async (input) => {
        const out = await handlers['session.capture'](input);
        const checks = out.checks.map(({ id, verdict, message_zh, message_en }) => ({ id, verdict, message_zh, message_en }));
        if (out.ok) this.update(input.sessionId, { checks, operatorOverrides: [] });
        // every capture's failed rules (ids only) feed the staff screen's report
        this.store.audit.append({
          at: now(), actor: 'student', action: 'capture.checked', subject: input.sessionId,
          detail: { refused: out.ok ? null : out.error.code, failed: checks.filter((c) => c.verdict === 'fail').map((c) => c.id) },
        });
        return out;
      },
      'session.retake': async (input) => {
        // the step before the call: a retake from review counts, one from posing does not
        const wasReviewing = this.current(input.sessionId)?.state === 'reviewing';
        const out = await handlers['session.retake'](input);
        if (out.ok && wasReviewing) this.countRetake(input.sessionId);
        return out;
      },
      'session.accept': async (input) => {
        const out = await handlers['session.accept'](input);
        if (out.ok) this.clear(input.sessionId);
        return out;
      },
      'session.abandon': async (input) => {
        const out = await handlers['session.abandon'](input);
        this.clear(input.sessionId);
        return out;
      },
    };
  }

  now(): StaffCallOutput<'staff.now'> {
    return { session: this.session && this.current(this.session.id), camera: this.camera };
  }

  get lastScanInfo(): { at: number; source: string } | null {
    return this.lastScan;
  }

  reportCamera(report: CameraReport): void {
    this.camera = { ...report, reportedAt: this.store.now() };
  }

  reportVoice(report: VoiceReport): void {
    this.voiceReport = { ...report, reportedAt: this.store.now() };
  }

  /** the kiosk's last voice report (pack, speech voice or none; the last prompt played) */
  get voice(): (VoiceReport & { reportedAt: number }) | null {
    return this.voiceReport;
  }

  /** "test the speaker": the kiosk plays its test prompt and reports how it went */
  testSpeaker(): HelpResult {
    this.audit('staff.test_speaker', null, {});
    this.emit('booth.testSpeaker', {});
    return { ok: true };
  }

  operatorOverrides(sessionId: string): { ruleId: RuleId; reason: string }[] {
    return this.session?.id === sessionId ? this.session.operatorOverrides : [];
  }

  async restartPosing(sessionId: string): Promise<HelpResult> {
    const s = this.current(sessionId);
    if (!s || (s.state !== 'reviewing' && s.state !== 'posing')) {
      return refuse('not_posing', '学生还没有到拍照步骤，无法重新拍照。', 'The student has not reached the photo step: nothing to restart.');
    }
    const wasReviewing = s.state === 'reviewing';
    const out = await this.handlers()['session.retake']({ sessionId });
    if (!out.ok) return out;
    if (wasReviewing) this.countRetake(sessionId);
    this.audit('staff.restart_posing', sessionId, {});
    this.emit('session.restartPosing', { sessionId });
    return { ok: true };
  }

  async endSession(sessionId: string): Promise<HelpResult> {
    if (!this.current(sessionId)) return refuse('no_session', '这个会话已经结束。', 'That session has already ended.');
    await this.handlers()['session.abandon']({ sessionId, reason: 'cancel' });
    this.clear(sessionId);
    this.audit('staff.end_session', sessionId, {});
    this.emit('session.ended', { sessionId, reason: 'operator' });
    return { ok: true };
  }

  override(sessionId: string, ruleId: RuleId, reason: string): HelpResult {
    const s = this.current(sessionId);
    if (!s || s.state !== 'reviewing' || !s.checks.some((c) => c.id === ruleId && c.verdict === 'fail')) {
      return refuse('not_failed', '只能放行当前照片未通过的检查项。', `Only a failed check of the photo under review can be overridden (${ruleId} is not one).`);
    }
    if (!s.operatorOverrides.some((o) => o.ruleId === ruleId)) s.operatorOverrides.push({ ruleId, reason });
    this.audit('staff.override', sessionId, { ruleId, reason });
    this.emit('session.checksOverridden', { sessionId, ruleIds: s.operatorOverrides.map((o) => o.ruleId) });
    return { ok: true };
  }

  private handlers(): BoothHandlers {
    if (!this.inner) throw new Error('the staff desk is not watching the booth handlers yet');
    return this.inner;
  }

  /** The watched session with its step from the session log; null once it ended there. */
  private current(sessionId: string): NowSession | null {
    if (this.session?.id !== sessionId) return null;
    const state = this.store.sessions.get(sessionId)?.state;
    if (!state || state === 'abandoned' || state === 'accepted' || state === 'queued') {
      this.session = null;
      return null;
    }
    this.session.state = state;
    return this.session;
  }

  private update(sessionId: string, patch: Partial<NowSession>): void {
    if (this.session?.id === sessionId) this.session = { ...this.session, ...patch };
  }

  private countRetake(sessionId: string): void {
    if (this.session?.id === sessionId) this.update(sessionId, { retakes: this.session.retakes + 1, checks: [], operatorOverrides: [] });
  }

  private clear(sessionId: string): void {
    if (this.session?.id === sessionId) this.session = null;
  }

  private audit(action: string, subject: string | null, detail: unknown): void {
    this.store.audit.append({ at: this.store.now(), actor: 'operator', action, subject, detail });
  }
}
