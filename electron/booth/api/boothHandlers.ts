// The booth API handlers (shared/api/boothApi.ts) over the booth's modules: the student session's
// steps in order, each refusing a step out of order, so a renderer bug cannot skip consent or payment.
import { ulid } from 'ulid';
import { newStatusSecret } from '../sync/statusReceipt.ts';
import type { BoothError, BoothHandlers, ResolvedRecord } from '../../../shared/api/boothApi.ts';
import type { CheckResult } from '../../../shared/checkResult.ts';
import { fromWire, parseFromWire } from '../../../shared/vision/analysisWire.ts';
import { ParseRendezvous } from './parseRendezvous.ts';
import type { BoothPorts, SessionState } from './boothPorts.ts';
import type { GuideNote, Landmarks } from '../../../shared/sync/protocol.ts';
import { planVerification } from '../codes/deferredVerification.ts';
import { RESOLVER_UNAVAILABLE } from './limitedResolver.ts';

interface Capture {
  photoId: string;
  checks: CheckResult[];
  /** for the reviewer's overlay */
  landmarks: Landmarks;
  /** taken at the live guide's offer after one hint held the student */
  guideNote: GuideNote | null;
}

interface LiveSession {
  id: string;
  code: string;
  state: SessionState;
  record: ResolvedRecord | null;
  categoryId: string | null;
  paid: boolean;
  /** the code could not be resolved (offline): the service verifies it when the submission syncs */
  deferred: boolean;
  /** the order or voucher redemption that paid, reported with the submission */
  paymentRef: string | null;
  capture: Capture | null;
  startedAt: number;
  capturedAt: number | null;
  retakes: number;
}

const outOfOrder = (step: string): BoothError => ({
  code: 'out_of_order',
  message_zh: '操作顺序有误，请回到首页重新扫码。',
  message_en: `Step "${step}" is not allowed in this session state; start again from the first screen.`,
});

/** What the student confirms when the code is verified later: nothing is known about them yet. */
const UNVERIFIED_RECORD: ResolvedRecord = { maskedName: '待联网核验', school: '待联网核验', categoryId: null };

const noSession: BoothError = {
  code: 'no_session',
  message_zh: '本次会话已结束，请重新扫描采集码。',
  message_en: 'This session has ended (timeout or cancel); scan the collection code again.',
};

export function createBoothHandlers(ports: BoothPorts): BoothHandlers {
  const sessions = new Map<string, LiveSession>();
  const parses = new ParseRendezvous();

  const move = async (session: LiveSession, state: SessionState, data?: Parameters<BoothPorts['sessions']['moveTo']>[2]): Promise<void> => {
    await ports.sessions.moveTo(session.id, state, data);
    session.state = state;
  };
  const find = (id: string): LiveSession | null => sessions.get(id) ?? null;
  /** paid once (online, voucher, or an earlier session of the code): retakes are free until accepted */
  const settlePaid = async (session: LiveSession, ref: string | undefined): Promise<void> => {
    session.paid = true;
    session.paymentRef = ref ?? null;
    const category = ports.config().categories.find((c) => c.id === session.categoryId);
    await move(session, 'paid', { personal: { category: category?.label.zh ?? '' } });
    await move(session, 'posing');
  };

  return {
    async 'booth.config'() {
      return ports.config();
    },

    async 'booth.cameraReport'(report) {
      ports.reportCamera(report);
      return { ok: true };
    },

    async 'booth.voiceReport'(report) {
      ports.reportVoice(report);
      return { ok: true };
    },

    async 'session.scan'({ code }) {
      const shape = ports.classifyCode(code);
      if (!shape.ok) return { ok: false, error: shape.error };
      // one student at a time: a new scan ends whatever the previous student left open
      for (const old of sessions.values()) await move(old, 'abandoned', { reason: 'new scan' });
      sessions.clear();
      const session: LiveSession = { id: ulid(), code: shape.code, state: 'scanned', record: null, categoryId: null, deferred: false, paid: false, paymentRef: null, capture: null, startedAt: Date.now(), capturedAt: null, retakes: 0 };
      ports.sessions.start(session.id);
      await ports.sessions.moveTo(session.id, 'scanned', { personal: { code: shape.code } });
      sessions.set(session.id, session);
      return { ok: true, sessionId: session.id };
    },

    async 'session.verify'({ sessionId, last4 }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession, attemptsLeft: 0, locked: false };
      if (session.state !== 'scanned') return { ok: false, error: outOfOrder('verify'), attemptsLeft: 0, locked: false };
      const resolution = await ports.resolveCode(session.code, last4);
      if (!resolution.ok) {
        if (resolution.error.code !== RESOLVER_UNAVAILABLE) return resolution;
        const plan = planVerification({ resolverReachable: false, allowDeferred: ports.config().deferredVerification });
        if (plan.plan !== 'defer') return resolution;
        session.deferred = true;
      }
      const record = resolution.ok ? resolution.record : UNVERIFIED_RECORD;
      session.record = record;
      await move(session, 'verified', { personal: { last4, maskedName: record.maskedName, school: record.school } });
      return { ok: true, record, deferred: session.deferred };
    },

    async 'session.confirm'({ sessionId, categoryId }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession };
      if (session.state !== 'verified') return { ok: false, error: outOfOrder('confirm') };
      const config = ports.config();
      const category = config.categories.find((c) => c.id === categoryId);
      if (!category) {
        return { ok: false, error: { code: 'bad_category', message_zh: '请选择本机提供的学历类别。', message_en: `Category ${categoryId} is not offered by this booth.` } };
      }
      session.categoryId = categoryId;
      const paymentRequired = config.payment.mode !== 'free';
      session.paid = !paymentRequired;
      // the review service knows the 学历类别 by its Chinese name; paid booths record it with the payment
      if (!paymentRequired) await move(session, 'posing', { personal: { category: category.label.zh } });
      return { ok: true, paymentRequired };
    },

    async 'session.payStart'({ sessionId }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession };
      if (session.state !== 'verified' || session.categoryId === null) return { ok: false, error: outOfOrder('pay') };
      const result = await ports.pay({ step: 'start', sessionId, code: session.code });
      if (result.ok && result.paid) await settlePaid(session, result.ref);
      return result;
    },

    async 'session.pay'({ sessionId, voucher }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession };
      if (session.state !== 'verified' || session.categoryId === null) return { ok: false, error: outOfOrder('pay') };
      const result = await ports.pay(voucher === null ? { step: 'check', sessionId } : { step: 'voucher', sessionId, code: session.code, voucher });
      if (!result.ok) return result;
      if (result.paid) await settlePaid(session, result.ref);
      return { ok: true, paid: result.paid, payQrText: result.offer?.qrText ?? null };
    },

    async 'session.capture'({ sessionId, jpegBase64, analysis, guideNote, parseId }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession, checks: [] };
      if (session.state !== 'posing' || !session.paid) return { ok: false, error: outOfOrder('capture'), checks: [] };
      const original = Buffer.from(jpegBase64, 'base64');
      const still = fromWire(analysis);
      const parse = parseId === null ? null : parses.expect(`${session.id}/${parseId}`);
      const standardized = await ports.standardize(original, still, ports.config().background, parse);
      if (!standardized.ok) {
        const { reason, message_zh, message_en } = standardized.refusal;
        return { ok: false, error: { code: reason, message_zh, message_en }, checks: [] };
      }
      const checks = standardized.checks;
      await ports.sessions.saveCapture(session.id, { standardizedJpeg: standardized.jpeg, originalJpeg: original });
      session.state = 'captured';
      session.capturedAt = Date.now();
      session.capture = { photoId: ulid(), checks, landmarks: standardized.landmarks, guideNote };
      await move(session, 'reviewing');
      return { ok: true, photoId: session.capture.photoId, standardizedJpegBase64: standardized.jpeg.toString('base64'), checks };
    },

    async 'session.parse'({ sessionId, parseId, parse }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession };
      if (session.state !== 'posing') return { ok: false, error: outOfOrder('parse') };
      parses.deliver(`${session.id}/${parseId}`, parse && parseFromWire(parse));
      return { ok: true };
    },

    async 'session.retake'({ sessionId }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession };
      if (session.state !== 'reviewing' && session.state !== 'posing') return { ok: false, error: outOfOrder('retake') };
      if (session.state === 'reviewing') {
        session.capture = null;
        session.retakes++;
        await move(session, 'posing');
      }
      return { ok: true };
    },

    async 'session.accept'({ sessionId, photoId, overrides }) {
      const session = find(sessionId);
      if (!session) return { ok: false, error: noSession };
      const capture = session.capture;
      if (session.state !== 'reviewing' || !capture || capture.photoId !== photoId || !session.record || !session.categoryId) {
        return { ok: false, error: outOfOrder('accept') };
      }
      for (const o of overrides) {
        const pin = ports.checkOperatorPin(o.operatorPin);
        if (pin === 'initial') {
          return { ok: false, error: { code: 'pin_unchanged', message_zh: '初始工作人员密码不能放行检查项，请先在工作人员界面设置新密码。', message_en: 'The initial operator PIN cannot override a check; set a new PIN on the staff screen first.' } };
        }
        if (pin === 'wrong') {
          return { ok: false, error: { code: 'bad_pin', message_zh: '工作人员密码不正确。', message_en: 'Operator PIN is wrong; the override was not applied.' } };
        }
      }
      // overrides given on the kiosk (with the PIN) and from the staff screen (logged there)
      const fromStaff = ports.operatorOverrides(sessionId).filter((o) => !overrides.some((k) => k.ruleId === o.ruleId));
      const allOverrides = [...overrides.map(({ ruleId, reason }) => ({ ruleId, reason })), ...fromStaff];
      const overridden = new Set(allOverrides.map((o) => o.ruleId));
      const blocking = capture.checks.filter((c) => c.verdict === 'fail' && !overridden.has(c.id));
      if (blocking.length > 0) {
        return {
          ok: false,
          error: {
            code: 'checks_failed',
            message_zh: `照片未通过：${blocking.map((c) => c.message_zh).join('；')}。请重拍，或请工作人员处理。`,
            message_en: `Photo failed ${blocking.map((c) => c.id).join(', ')}; retake, or an operator may override with a reason.`,
          },
        };
      }
      await move(session, 'accepted');
      const acceptedAt = Date.now();
      const statusSecret = newStatusSecret();
      const { submissionId } = await ports.sessions.submit(sessionId, {
        verification: session.deferred ? 'deferred' : 'verified',
        checks: capture.checks,
        metadata: {
          statusSecret,
          // the operator's reasons go with the photo to the reviewer (the PIN never does)
          overrides: allOverrides,
          guideNote: capture.guideNote,
          landmarks: capture.landmarks,
          session: {
            startedAt: session.startedAt, capturedAt: session.capturedAt ?? acceptedAt, acceptedAt, retakes: session.retakes,
            paymentMode: ports.config().payment.mode, deferredVerification: session.deferred, ...(session.paymentRef ? { paymentRef: session.paymentRef } : {}),
          },
        },
      });
      // the receipt screen shows only the submission number: personal data leaves the session now
      sessions.delete(sessionId);
      return { ok: true, submissionId, statusUrl: ports.receiptUrl(submissionId, statusSecret) };
    },

    async 'session.abandon'({ sessionId, reason }) {
      const session = find(sessionId);
      if (session) {
        sessions.delete(sessionId);
        // an open payment QR stops working with the session (a payment that beat this still counts)
        if (session.state === 'verified' && !session.paid) await ports.pay({ step: 'cancel', sessionId });
        await move(session, 'abandoned', { reason });
      }
      return { ok: true };
    },
  };
}
