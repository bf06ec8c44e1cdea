// The one typed booth API (ARCHITECTURE §2): every call and event between the kiosk renderer and
// the booth, as zod schemas. The Electron host (preload + ipcMain) and the web host (HTTP +
// WebSocket) both validate against these, so the renderer cannot tell which host it runs in.
import { z } from 'zod';
import { CheckResultSchema, RuleIdSchema } from '../checkResult.ts';
import { GuideNoteSchema } from '../sync/protocol.ts';
import { FaceParseWireSchema, StillAnalysisWireSchema } from '../vision/stillAnalysis.ts';

/** Text a person reads: Chinese first (students), English for the switch and for operators. */
export const BilingualSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof BilingualSchema>;

/** A refusal the booth explains to the student: a machine-readable reason plus both languages. */
export const BoothErrorSchema = z.object({
  code: z.string().min(1),
  message_zh: z.string().min(1),
  message_en: z.string().min(1),
});
export type BoothError = z.infer<typeof BoothErrorSchema>;

const SessionIdSchema = z.string().min(1).max(64);
const RgbSchema = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);

export const PaymentModeSchema = z.enum(['free', 'voucher', 'online']);
export type PaymentMode = z.infer<typeof PaymentModeSchema>;

/** 学历类别 the booth offers, e.g. 本科 / 硕士研究生. */
/** The languages the kiosk offers, Chinese first; a prompt pack ships for each (resources/voice). */
export const KIOSK_LANGUAGES = ['zh', 'en'] as const;
export const LanguageSchema = z.enum(KIOSK_LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/**
 * The "没有采集码？" help: how a student gets the code on their phone, a QR that opens 学信网 there,
 * and "scan again when you have it". The school corrects the wording here (defaultBoothConfig.ts
 * holds the default); nothing is asked of the student.
 */
export const CodeHelpSchema = z.object({
  title: BilingualSchema,
  steps: z.array(BilingualSchema).min(1),
  /** the address the help QR opens on the student's phone */
  qrUrl: z.string().url(),
  qrCaption: BilingualSchema,
  scanAgain: BilingualSchema,
});
export type CodeHelp = z.infer<typeof CodeHelpSchema>;

export const EducationCategorySchema = z.object({ id: z.string().min(1), label: BilingualSchema });
export type EducationCategory = z.infer<typeof EducationCategorySchema>;

export const BoothConfigSchema = z.object({
  boothName: BilingualSchema,
  /** the help line shown on every screen: hotline or "call staff" */
  helpLine: BilingualSchema,
  /** `amountFen`: the fee of the online mode in whole fen (never a float); what a voucher stands for elsewhere */
  payment: z.object({ mode: PaymentModeSchema, priceLabel: BilingualSchema.nullable(), amountFen: z.number().int().min(0).optional() }),
  categories: z.array(EducationCategorySchema).min(1),
  /** a session clears itself after this long without a touch (default 90 s) */
  idleTimeoutMs: z.number().int().positive(),
  /** the same on the final (receipt) screen (default 20 s) */
  finalIdleTimeoutMs: z.number().int().positive(),
  background: RgbSchema,
  /** the consent text for collecting the face image (sensitive personal information) */
  consent: z.object({ title: BilingualSchema, points: z.array(BilingualSchema).min(1) }),
  codeHelp: CodeHelpSchema,
  /** speak the posing hints aloud (the prompt pack, else a browser voice for the language) */
  voiceHints: z.boolean(),
  /** offline, a code may be verified later, at sync (the operator's setting): the student goes on */
  deferredVerification: z.boolean(),
  /** the language each new student starts in */
  language: LanguageSchema,
  /** the camera the kiosk opens (null: the default one) and the mode it asks for */
  camera: z.object({ deviceId: z.string().nullable(), width: z.number().int().positive(), height: z.number().int().positive() }),
  /** every live hint green this long before the automatic countdown starts */
  autoCaptureHoldMs: z.number().int().positive(),
});
export type BoothConfig = z.infer<typeof BoothConfigSchema>;

export const ResolvedRecordSchema = z.object({
  /** the student's name with all but one character masked, e.g. 张* / 欧阳** */
  maskedName: z.string().min(1),
  school: z.string().min(1),
  /** pre-selected 学历类别 when the resolved record carries it */
  categoryId: z.string().nullable(),
});
export type ResolvedRecord = z.infer<typeof ResolvedRecordSchema>;

const fail = z.object({ ok: z.literal(false), error: BoothErrorSchema });
/** pairs a capture with its class map (ParseRendezvous) */
const ParseIdSchema = z.string().regex(/^[\w-]{8,64}$/);

/** What the pay screen offers: the online order's QR, or voucher entry (offline or voucher booths). */
export const PayOfferSchema = z.object({
  mode: z.enum(['online', 'voucher']),
  /** whole fen; null when the booth has no fee configured (voucher booths) */
  amountFen: z.number().int().min(0).nullable(),
  /** the payment QR's text and when it stops working (ms since epoch), online only */
  qrText: z.string().nullable(),
  expiresAt: z.number().int().nullable(),
  /** why online payment is not offered (no network, not enrolled), said on the screen */
  notice: BoothErrorSchema.nullable(),
});
export type PayOffer = z.infer<typeof PayOfferSchema>;

/** What the kiosk reports about its open camera every few seconds, for the staff screen. */
export const CameraReportSchema = z.object({
  width: z.number().int().min(0),
  height: z.number().int().min(0),
  fps: z.number().min(0),
  /** a small frame (JPEG, ≤ 40 KB) for the staff screen's live thumbnail */
  thumbnailJpegBase64: z.string().max(60_000),
});
export type CameraReport = z.infer<typeof CameraReportSchema>;

/** How the kiosk speaks each language: its prompt pack, a browser speech voice, or not at all. */
export const VoiceRouteSchema = z.enum(['pack', 'speech', 'none']);
export type VoiceRoute = z.infer<typeof VoiceRouteSchema>;

/** What the kiosk reports about its voice at start and after each prompt, for the staff screen. */
export const VoiceReportSchema = z.object({
  languages: z.array(z.object({
    lang: LanguageSchema,
    route: VoiceRouteSchema,
    /** prompts the pack has for this language out of those the kiosk can say */
    packPrompts: z.number().int().min(0),
    prompts: z.number().int().min(0),
    /** the browser's speech voice for the language, if it has one */
    speechVoice: z.string().max(200).nullable(),
  })),
  /** the last prompt played (a hint or the speaker test) and whether the speaker took it */
  lastPlayed: z.object({
    text: z.string().max(500),
    lang: LanguageSchema,
    route: VoiceRouteSchema,
    /** the staff screen's speaker test */
    test: z.boolean(),
    ok: z.boolean(),
    error: z.string().max(500).nullable(),
  }).nullable(),
});
export type VoiceReport = z.infer<typeof VoiceReportSchema>;

/** Every call: name → input and output schema. Outputs carry `ok` so refusals are data, not throws. */
export const boothCalls = {
  'booth.config': { input: z.object({}), output: BoothConfigSchema },
  /** the kiosk's camera while it is open (posing): resolution, live fps and a thumbnail */
  'booth.cameraReport': { input: CameraReportSchema, output: z.object({ ok: z.literal(true) }) },
  /** how the kiosk speaks (pack, speech voice, none) and how its last prompt went */
  'booth.voiceReport': { input: VoiceReportSchema, output: z.object({ ok: z.literal(true) }) },
  /** a scanned 采集码 (keyboard-wedge scanner or QR in the camera stream) starts a session */
  'session.scan': {
    input: z.object({ code: z.string().max(2048), source: z.enum(['wedge', 'camera', 'serial']) }),
    output: z.union([z.object({ ok: z.literal(true), sessionId: SessionIdSchema }), fail]),
  },
  /** the last 4 characters of the ID number (digits, X allowed last) resolve the code */
  'session.verify': {
    input: z.object({ sessionId: SessionIdSchema, last4: z.string().regex(/^\d{3}[\dX]$/) }),
    output: z.union([
      /** `deferred`: the service was unreachable; the code is verified at sync, and the record shows no name */
      z.object({ ok: z.literal(true), record: ResolvedRecordSchema, deferred: z.boolean() }),
      z.object({ ok: z.literal(false), error: BoothErrorSchema, attemptsLeft: z.number().int().min(0), locked: z.boolean() }),
    ]),
  },
  /** the student confirms the record, picks the 学历类别 and consents to the face image */
  'session.confirm': {
    input: z.object({ sessionId: SessionIdSchema, categoryId: z.string().min(1), consent: z.literal(true) }),
    output: z.union([z.object({ ok: z.literal(true), paymentRequired: z.boolean() }), fail]),
  },
  /**
   * The pay screen opens: the code may be paid already (an earlier session, a redeemed voucher), else
   * the offer — online (the order's QR) or voucher (with the reason when online is not possible).
   */
  'session.payStart': {
    input: z.object({ sessionId: SessionIdSchema }),
    output: z.union([z.object({ ok: z.literal(true), paid: z.boolean(), offer: PayOfferSchema.nullable() }), fail]),
  },
  /** voucher mode: the student types the voucher; online mode: ask whether the order is paid */
  'session.pay': {
    input: z.object({ sessionId: SessionIdSchema, voucher: z.string().max(64).nullable() }),
    output: z.union([
      z.object({ ok: z.literal(true), paid: z.boolean(), payQrText: z.string().nullable() }),
      fail,
    ]),
  },
  /**
   * the full-resolution still and its analysis; the booth standardizes it and runs the checks.
   * `guideNote`: taken at the live guide's offer after one hint held the student; it goes to the reviewer.
   * `parseId`: the face parser's class map follows in `session.parse` under this id (the engine decodes and frames meanwhile)
   */
  'session.capture': {
    input: z.object({
      sessionId: SessionIdSchema, jpegBase64: z.string().min(1), analysis: StillAnalysisWireSchema, guideNote: GuideNoteSchema.nullable().default(null),
      parseId: ParseIdSchema.nullable().default(null),
    }),
    output: z.union([
      z.object({ ok: z.literal(true), photoId: z.string().min(1), standardizedJpegBase64: z.string().min(1), checks: z.array(CheckResultSchema) }),
      z.object({ ok: z.literal(false), error: BoothErrorSchema, checks: z.array(CheckResultSchema) }),
    ]),
  },
  /** the class map of the capture sent with this `parseId`, or null when the kiosk has none */
  'session.parse': {
    input: z.object({ sessionId: SessionIdSchema, parseId: ParseIdSchema, parse: FaceParseWireSchema.nullable() }),
    output: z.union([z.object({ ok: z.literal(true) }), fail]),
  },
  'session.retake': {
    input: z.object({ sessionId: SessionIdSchema }),
    output: z.union([z.object({ ok: z.literal(true) }), fail]),
  },
  /** accept the reviewed photo; failures block unless an operator override with a logged reason is given */
  'session.accept': {
    input: z.object({
      sessionId: SessionIdSchema,
      photoId: z.string().min(1),
      overrides: z.array(z.object({ ruleId: RuleIdSchema, reason: z.string().min(3).max(500), operatorPin: z.string().min(4).max(12) })),
    }),
    output: z.union([
      z.object({ ok: z.literal(true), submissionId: z.string().min(1), statusUrl: z.string().url() }),
      fail,
    ]),
  },
  /** the screen cleared itself (idle timeout) or the student cancelled */
  'session.abandon': {
    input: z.object({ sessionId: SessionIdSchema, reason: z.enum(['timeout', 'cancel']) }),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;

/** Events the booth pushes to the renderer. */
export const boothEvents = {
  /** the booth ended a session on its own (operator, restart repair) */
  'session.ended': z.object({ sessionId: SessionIdSchema, reason: z.string().min(1) }),
  'booth.configChanged': BoothConfigSchema,
  /** the operator restarted posing from the staff screen: the kiosk goes back to the live camera */
  'session.restartPosing': z.object({ sessionId: SessionIdSchema }),
  /** the operator overrode failed checks from the staff screen (logged there): they no longer block accept */
  'session.checksOverridden': z.object({ sessionId: SessionIdSchema, ruleIds: z.array(RuleIdSchema) }),
  /** a serial-port scanner (read in the main process) scanned a code: the kiosk treats it as a scan */
  'code.scanned': z.object({ code: z.string().max(2048) }),
  /** the operator pressed "test the speaker" on the staff screen: the kiosk plays its test prompt */
  'booth.testSpeaker': z.object({}),
} as const;

export type BoothCallName = keyof typeof boothCalls;
export type BoothCallInput<N extends BoothCallName> = z.input<(typeof boothCalls)[N]['input']>;
export type BoothCallOutput<N extends BoothCallName> = z.output<(typeof boothCalls)[N]['output']>;
export type BoothEventName = keyof typeof boothEvents;
export type BoothEventPayload<E extends BoothEventName> = z.output<(typeof boothEvents)[E]>;

export function isBoothCallName(name: unknown): name is BoothCallName {
  return typeof name === 'string' && Object.hasOwn(boothCalls, name);
}

/** What every host implements and what the renderer is given: typed calls and event subscription. */
export interface BoothApi {
  call<N extends BoothCallName>(name: N, input: BoothCallInput<N>): Promise<BoothCallOutput<N>>;
  /** returns the unsubscribe function */
  on<E extends BoothEventName>(event: E, listener: (payload: BoothEventPayload<E>) => void): () => void;
}

/** The handlers a host dispatches to: one async function per call, given validated input. */
export type BoothHandlers = { [N in BoothCallName]: (input: z.output<(typeof boothCalls)[N]['input']>) => Promise<BoothCallOutput<N>> };

/** Where the renderer's booth API comes from in Electron: the preload exposes it under this name. */
export const PRELOAD_GLOBAL = 'gradbooth';
/** Web host paths of the same API. */
export const WEB_API_CALL_PATH = '/api/call';
export const WEB_API_EVENTS_PATH = '/api/events';
