// The operator's staff API (ARCHITECTURE §2, issue 7): every call between the staff screen and the
// booth as zod schemas, served by both hosts next to the kiosk's booth API. Every call except
// `staff.login` carries a staff session token obtained with the operator PIN.
import { z } from 'zod';
import { BoothConfigSchema, BoothErrorSchema, CameraReportSchema, LanguageSchema, VoiceReportSchema } from './boothApi.ts';
import { RuleIdSchema, VerdictSchema } from '../checkResult.ts';
import { PendingRefundSchema } from '../sync/protocol.ts';

const RgbSchema = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);

/** Where the operator may set the booth up locally; school, 学历类别 and payment come from the service. */
export const LocalSettingsSchema = z.object({
  background: RgbSchema,
  camera: z.object({
    /** a MediaDeviceInfo.deviceId, or null for the system's default camera */
    deviceId: z.string().max(256).nullable(),
    width: z.number().int().min(320).max(7680),
    height: z.number().int().min(240).max(4320),
  }),
  /** how long the pose must hold before the automatic countdown starts */
  autoCapture: z.enum(['relaxed', 'normal', 'strict']),
  idleTimeoutSeconds: z.number().int().min(10).max(600),
  finalIdleTimeoutSeconds: z.number().int().min(5).max(300),
  /** the kiosk's language for each new student */
  language: LanguageSchema,
  voiceHints: z.boolean(),
  /** offline: keep code + last-4 sealed with the photo and resolve them at sync */
  deferredVerification: z.boolean(),
  /** days a local copy is kept after the review service acknowledged it */
  retentionGraceDays: z.number().int().min(0).max(90),
});
export type LocalSettings = z.infer<typeof LocalSettingsSchema>;

/** Set by the review service at enrollment and through its config events: read-only on the booth. */
export const AssignedSettingsSchema = z.object({
  school: z.string(),
  degreeCategories: z.array(z.string()),
  paymentMode: z.enum(['free', 'voucher', 'online']),
});

const fail = z.object({ ok: z.literal(false), error: BoothErrorSchema });
const done = z.union([z.object({ ok: z.literal(true) }), fail]);

export const NowSchema = z.object({
  session: z.object({
    id: z.string(),
    state: z.string(),
    /** the only personal datum the staff screen shows */
    maskedName: z.string().nullable(),
    startedAt: z.number(),
    retakes: z.number().int(),
    checks: z.array(z.object({ id: RuleIdSchema, verdict: VerdictSchema, message_zh: z.string(), message_en: z.string() })),
    operatorOverrides: z.array(z.object({ ruleId: RuleIdSchema, reason: z.string() })),
  }).nullable(),
  /** the kiosk's last camera report and when it came */
  camera: CameraReportSchema.extend({ reportedAt: z.number() }).nullable(),
});

export const QueueSchema = z.object({
  enrolled: z.boolean(),
  counts: z.object({ queued: z.number(), acknowledged: z.number(), purged: z.number(), flagged: z.number() }),
  oldestUnsyncedAgeMs: z.number().nullable(),
  lastUploadAt: z.number().nullable(),
  failures: z.array(z.object({ kind: z.string(), attempts: z.number(), error: z.string(), dead: z.boolean(), nextRunAt: z.number() })),
  decisions: z.array(z.object({ submissionId: z.string(), state: z.string(), reasons: z.array(z.string()), note: z.string(), at: z.number() })),
  /** payments the service refunds (or will: no accepted photo in time); null when it cannot be asked */
  refunds: z.array(PendingRefundSchema).nullable(),
});

export const HealthSchema = z.object({
  camera: NowSchema.shape.camera,
  scanner: z.object({ lastScanAt: z.number().nullable(), source: z.string().nullable() }),
  disk: z.object({ freeBytes: z.number(), storeBytes: z.number() }),
  service: z.object({ url: z.string().nullable(), reachable: z.boolean(), latencyMs: z.number().nullable(), clockSkewMs: z.number().nullable(), error: z.string().nullable() }),
  appVersion: z.string(),
  models: z.array(z.object({ name: z.string(), bytes: z.number() })),
  /** the face parser: missing means its rules warn for the reviewer and never block */
  parser: z.object({ state: z.enum(['ready', 'missing']), model: z.string().nullable(), detail: z.string() }),
  storeIntegrity: z.string(),
  voice: z.object({
    /** the operator's "speak the posing hints" setting */
    hintsOn: z.boolean(),
    /** the kiosk's last voice report and when it came (null: no kiosk has reported since start) */
    kiosk: VoiceReportSchema.extend({ reportedAt: z.number() }).nullable(),
  }),
});

export const BackdropSchema = z.object({
  capturedAt: z.number(),
  /** mean colour of the empty backdrop */
  mean: RgbSchema,
  /** 95th percentile ΔE (CIE76) of 20×20 px blocks from the mean: lighting evenness */
  unevenness: z.number(),
  /** the same for the worst block: a person or object in view shows here */
  worstBlock: z.number(),
  verdict: z.enum(['good', 'uneven', 'not_empty']),
  thumbnailJpegBase64: z.string(),
});
export type Backdrop = z.infer<typeof BackdropSchema>;

export const ReportSchema = z.object({
  day: z.string(),
  sessions: z.number(),
  accepted: z.number(),
  retakesPerAccepted: z.number().nullable(),
  failedRules: z.array(z.object({ ruleId: z.string(), count: z.number() })),
  averageSecondsPerStudent: z.number().nullable(),
});

export const staffCalls = {
  'staff.login': {
    input: z.object({ pin: z.string().max(32) }),
    output: z.union([
      z.object({ ok: z.literal(true), token: z.string(), mustChangePin: z.boolean(), idleLockMs: z.number() }),
      z.object({ ok: z.literal(false), error: BoothErrorSchema, attemptsLeft: z.number().int(), lockedUntil: z.number().nullable() }),
    ]),
  },
  'staff.logout': { input: z.object({}), output: z.object({ ok: z.literal(true) }) },
  'staff.changePin': { input: z.object({ currentPin: z.string().max(32), newPin: z.string().regex(/^\d{6,12}$/) }), output: done },
  'staff.now': { input: z.object({}), output: NowSchema },
  /** "help the student": every action audited; an override needs a reason */
  'staff.help': {
    input: z.discriminatedUnion('action', [
      z.object({ action: z.literal('restart_posing'), sessionId: z.string() }),
      z.object({ action: z.literal('end_session'), sessionId: z.string() }),
      z.object({ action: z.literal('override'), sessionId: z.string(), ruleId: RuleIdSchema, reason: z.string().trim().min(3).max(200) }),
    ]),
    output: done,
  },
  'staff.queue': { input: z.object({}), output: QueueSchema },
  'staff.retrySync': { input: z.object({}), output: z.object({ ok: z.literal(true), revived: z.number() }) },
  'staff.health': { input: z.object({}), output: HealthSchema },
  /** the kiosk plays its test prompt on its own speaker; the next health poll shows how it went */
  'staff.testSpeaker': { input: z.object({}), output: done },
  'staff.settings': {
    input: z.object({}),
    output: z.object({ local: LocalSettingsSchema, assigned: AssignedSettingsSchema.nullable(), effective: BoothConfigSchema }),
  },
  'staff.saveSettings': { input: z.object({ settings: LocalSettingsSchema }), output: done },
  /** the clean plate, and how far the kiosk's last frame has drifted from it (recalibrate: past the limit) */
  'staff.backdrop': { input: z.object({}), output: z.object({ backdrop: BackdropSchema.nullable(), driftDeltaE: z.number().nullable(), recalibrate: z.boolean() }) },
  /** the empty backdrop, captured by the staff page from the booth camera with exposure locked */
  'staff.calibrateBackdrop': {
    input: z.object({ jpegBase64: z.string().min(1) }),
    output: z.union([z.object({ ok: z.literal(true), backdrop: BackdropSchema }), fail]),
  },
  'staff.report': { input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }), output: ReportSchema },
  'staff.reportCsv': { input: z.object({ days: z.number().int().min(1).max(366) }), output: z.object({ csv: z.string() }) },
  'staff.enroll': {
    input: z.object({ serviceUrl: z.string().url(), enrollmentCode: z.string().trim().min(4).max(64), label: z.string().trim().min(1).max(80) }),
    output: z.union([z.object({ ok: z.literal(true), boothId: z.string() }), fail]),
  },
  'staff.pairing': {
    input: z.object({}),
    output: z.object({ lanUrl: z.string().nullable(), fingerprint: z.string().nullable(), pairingText: z.string().nullable() }),
  },
} as const;

export type StaffCallName = keyof typeof staffCalls;
export type StaffCallInput<N extends StaffCallName> = z.input<(typeof staffCalls)[N]['input']>;
export type StaffCallOutput<N extends StaffCallName> = z.output<(typeof staffCalls)[N]['output']>;
export type StaffHandlers = { [N in StaffCallName]: (input: z.output<(typeof staffCalls)[N]['input']>, token: string) => Promise<StaffCallOutput<N>> };

export function isStaffCallName(name: unknown): name is StaffCallName {
  return typeof name === 'string' && Object.hasOwn(staffCalls, name);
}

export const WEB_STAFF_CALL_PATH = '/api/staff/call';
/** Where the Electron staff window's preload exposes the staff API. */
export const PRELOAD_STAFF_GLOBAL = 'gradboothStaff';
