// The staff API handlers (shared/api/staffApi.ts) over the booth's modules: PIN sessions, the live
// session desk, the outbox and sync, health, settings, backdrop calibration, reports, enrollment.
// Every call but login needs a live staff token; operator actions land in the audit log.
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import type { StaffCallOutput, StaffHandlers } from '../../../shared/api/staffApi.ts';
import type { PendingRefund } from '../../../shared/sync/protocol.ts';
import { StaffAuthError } from '../../../shared/api/staffDispatch.ts';
import type { BoothRuntime } from '../boothRuntime.ts';
import type { BoothStore } from '../store/boothStore.ts';
import { EnrollmentError } from '../sync/enrollment.ts';
import { BACKDROP_LIMITS, type BackdropCalibration } from './backdropCalibration.ts';
import { diskFreeBytes, directoryBytes, modelFiles, parserHealth, probeService } from './boothHealth.ts';
import type { BoothSettings } from './boothSettings.ts';
import { dailyReport, reportCsv } from './staffReports.ts';
import type { Emit, StaffDesk } from './staffDesk.ts';
import { STAFF_IDLE_MS, type PinChannel, type StaffPin } from './staffPin.ts';

export interface StaffHandlerDeps {
  store: BoothStore;
  runtime: BoothRuntime;
  pin: StaffPin;
  /** where this staff API's PINs are typed (its own lockout count) */
  pinChannel: PinChannel;
  desk: StaffDesk;
  settings: BoothSettings;
  backdrop: BackdropCalibration;
  /** the kiosk's configuration as derived right now */
  config: () => BoothConfig;
  /** the service's assignment (school, 学历类别, payment mode), null before enrollment */
  assigned: () => StaffCallOutput<'staff.settings'>['assigned'];
  emit: Emit;
  appVersion: string;
  modelsDir: string;
  /** this booth's pending refunds from the review service (empty before enrollment) */
  pendingRefunds: () => Promise<PendingRefund[]>;
  /** the LAN listener's address and certificate fingerprint, when the operator enabled it */
  pairing: () => StaffCallOutput<'staff.pairing'>;
}

const wrongPin = { code: 'wrong_pin', message_zh: '密码不正确。', message_en: 'Wrong PIN.' };
const lockedPin = (until: number) => ({
  code: 'pin_locked',
  message_zh: `输错次数过多，已锁定至 ${new Date(until).toLocaleTimeString('zh-CN', { hour12: false })}。`,
  message_en: `Too many wrong PINs: locked until ${new Date(until).toLocaleTimeString('en-GB')}.`,
});

export function createStaffHandlers(deps: StaffHandlerDeps): StaffHandlers {
  const { store, runtime, pin, desk, settings, backdrop } = deps;

  const handlers: StaffHandlers = {
    async 'staff.login'({ pin: entered }) {
      const result = pin.login(entered, deps.pinChannel);
      if (result.ok) return { ok: true, token: result.token, mustChangePin: result.mustChange, idleLockMs: STAFF_IDLE_MS };
      return { ok: false, error: result.lockedUntil ? lockedPin(result.lockedUntil) : wrongPin, attemptsLeft: result.attemptsLeft, lockedUntil: result.lockedUntil };
    },

    async 'staff.logout'(_input, token) {
      pin.logout(token);
      return { ok: true };
    },

    async 'staff.changePin'({ currentPin, newPin }) {
      const result = pin.change(currentPin, newPin, deps.pinChannel);
      if (result.ok) return { ok: true };
      return { ok: false, error: result.lockedUntil ? lockedPin(result.lockedUntil) : wrongPin };
    },

    async 'staff.now'() {
      return desk.now();
    },

    async 'staff.help'(input) {
      if (input.action === 'restart_posing') return desk.restartPosing(input.sessionId);
      if (input.action === 'end_session') return desk.endSession(input.sessionId);
      return desk.override(input.sessionId, input.ruleId, input.reason);
    },

    async 'staff.queue'() {
      const status = runtime.sync.status();
      return {
        enrolled: status.enrolled,
        counts: store.submissionCounts(),
        oldestUnsyncedAgeMs: store.oldestUnsyncedAgeMs(),
        lastUploadAt: status.lastUploadAt,
        failures: status.jobs.lastErrors.map((j) => ({ kind: j.kind, attempts: j.attempts, error: j.lastError ?? '', dead: j.state === 'dead', nextRunAt: j.runAt })),
        decisions: status.decisions.recent,
        // offline the rest of the view still works: the refunds just show as unknown
        refunds: await deps.pendingRefunds().catch(() => null),
      };
    },

    async 'staff.retrySync'() {
      const revived = runtime.queue.retryDead();
      runtime.sync.syncNow();
      store.audit.append({ at: store.now(), actor: 'operator', action: 'sync.retry_now', detail: { revived } });
      await runtime.queue.runDue();
      return { ok: true, revived };
    },

    async 'staff.health'() {
      const [freeBytes, storeBytes, service, models, parser] = await Promise.all([
        diskFreeBytes(store.dir), directoryBytes(store.dir), probeService(runtime.sync.status().serviceUrl), modelFiles(deps.modelsDir), parserHealth(deps.modelsDir),
      ]);
      const scan = desk.lastScanInfo;
      return {
        camera: desk.now().camera,
        scanner: { lastScanAt: scan?.at ?? null, source: scan?.source ?? null },
        disk: { freeBytes, storeBytes },
        service,
        appVersion: deps.appVersion,
        models,
        parser,
        storeIntegrity: store.integrityCheck(),
        voice: { hintsOn: deps.config().voiceHints, kiosk: desk.voice },
      };
    },

    async 'staff.testSpeaker'() {
      return desk.testSpeaker();
    },

    async 'staff.settings'() {
      return { local: settings.local(), assigned: deps.assigned(), effective: deps.config() };
    },

    async 'staff.saveSettings'({ settings: next }) {
      const saved = settings.save(next);
      if (!saved.ok) {
        return { ok: false, error: { code: 'invalid_settings', message_zh: `设置无效：${saved.problems.join('；')}`, message_en: `Invalid settings: ${saved.problems.join('; ')}` } };
      }
      if (saved.changed.length > 0) deps.emit('booth.configChanged', deps.config());
      return { ok: true };
    },

    async 'staff.backdrop'() {
      const frame = desk.now().camera;
      const driftDeltaE = frame ? await backdrop.drift(Buffer.from(frame.thumbnailJpegBase64, 'base64')) : null;
      return { backdrop: backdrop.current(), driftDeltaE, recalibrate: driftDeltaE !== null && driftDeltaE > BACKDROP_LIMITS.drift };
    },

    async 'staff.calibrateBackdrop'({ jpegBase64 }) {
      const measured = await backdrop.calibrate(Buffer.from(jpegBase64, 'base64'));
      if (measured.verdict === 'not_empty') {
        return { ok: false, error: { code: 'not_empty', message_zh: '画面中有人或物体，请让背景布前完全空出后再校准。', message_en: 'Something or someone is in view: clear the backdrop completely and calibrate again.' } };
      }
      return { ok: true, backdrop: measured };
    },

    async 'staff.report'({ day }) {
      return dailyReport(store, day);
    },

    async 'staff.reportCsv'({ days }) {
      store.audit.append({ at: store.now(), actor: 'operator', action: 'report.exported', detail: { days } });
      return { csv: reportCsv(store, days) };
    },

    async 'staff.enroll'({ serviceUrl, enrollmentCode, label }) {
      try {
        const credentials = await runtime.sync.enroll(serviceUrl, enrollmentCode, label);
        deps.emit('booth.configChanged', deps.config());
        return { ok: true, boothId: credentials.boothId };
      } catch (error) {
        if (!(error instanceof EnrollmentError)) throw error;
        const [zh, en] = error.message.split(' / ');
        return { ok: false, error: { code: 'enrollment_failed', message_zh: zh ?? error.message, message_en: en ?? error.message } };
      }
    },

    async 'staff.pairing'() {
      return deps.pairing();
    },
  };

  // every call but login needs a live session; with the documented initial PIN, only changing it
  const open = new Set(['staff.login']);
  const whileInitialPin = new Set(['staff.changePin', 'staff.logout']);
  return Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, async (input: never, token: string) => {
    if (!open.has(name)) {
      if (!pin.touch(token)) throw new StaffAuthError(401, 'staff session missing or locked: log in with the operator PIN');
      if (pin.mustChange && !whileInitialPin.has(name)) throw new StaffAuthError(403, 'change the initial operator PIN first');
    }
    return (handler as (input: never, token: string) => Promise<unknown>)(input, token);
  }])) as StaffHandlers;
}
