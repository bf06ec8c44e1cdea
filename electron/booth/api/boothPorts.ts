// What the booth API handlers need from the booth's modules (codes, resolver + lockout, photo
// engine + checks, session log + durable store, payment), as one interface so the handlers stay a
// thin layer and each port is filled by the module that owns it.
import type { CheckResult, RuleId } from '../../../shared/checkResult.ts';
import type { BoothConfig, BoothError, CameraReport, PayOffer, ResolvedRecord, VoiceReport } from '../../../shared/api/boothApi.ts';
import type { FaceParse, StillAnalysis } from '../../../shared/vision/stillAnalysis.ts';
import type { Landmarks } from '../../../shared/sync/protocol.ts';

export type CodeShape = { ok: true; code: string } | { ok: false; error: BoothError };

export type Resolution =
  | { ok: true; record: ResolvedRecord }
  | { ok: false; error: BoothError; attemptsLeft: number; locked: boolean };

/** The photo engine's answer plus every check verdict (file/geometry/background and the still rules). */
export type Standardized =
  | { ok: true; jpeg: Buffer; checks: CheckResult[]; landmarks: Landmarks }
  | { ok: false; refusal: { reason: string; message_zh: string; message_en: string } };

export type SessionState = 'scanned' | 'verified' | 'paid' | 'posing' | 'captured' | 'reviewing' | 'accepted' | 'abandoned';

/** Personal facts of a session, stored sealed by the session log. */
export interface PersonalFacts {
  code: string;
  last4: string;
  maskedName: string;
  school: string;
  /** the 学历类别 as the review service names it (本科, 硕士研究生, ...) */
  category: string;
}

/** The persisted session (ARCHITECTURE §3): each state change a row, captures kept sealed, submission durable. */
export interface SessionLog {
  start(sessionId: string): void;
  moveTo(sessionId: string, state: SessionState, data?: { personal?: Partial<PersonalFacts>; reason?: string }): Promise<void>;
  /** keeps both photos of the capture and moves posing → captured */
  saveCapture(sessionId: string, photos: { standardizedJpeg: Buffer; originalJpeg: Buffer }): Promise<void>;
  /** the accepted session's photos become a durable, queued submission */
  submit(sessionId: string, data: { checks: CheckResult[]; metadata: Record<string, unknown>; verification: 'verified' | 'deferred' }): Promise<{ submissionId: string }>;
}

/** One step of paying for a session; `code` is the session's collection code (payment belongs to it). */
export type PayRequest =
  | { step: 'start'; sessionId: string; code: string }
  | { step: 'voucher'; sessionId: string; code: string; voucher: string }
  | { step: 'check'; sessionId: string }
  | { step: 'cancel'; sessionId: string };

/** `ref`, once paid: the order id or voucher redemption that paid (it goes with the submission). */
export type PayOutcome = { ok: true; paid: boolean; offer: PayOffer | null; ref?: string } | { ok: false; error: BoothError };

export interface BoothPorts {
  config(): BoothConfig;
  /** shape check of a scanned code, for instant feedback on wrong things scanned */
  classifyCode(raw: string): CodeShape;
  /** resolve code + last 4 ID characters; counts wrong attempts per code (lockout after 5) */
  resolveCode(code: string, last4: string): Promise<Resolution>;
  /** the pay step (electron/booth/payment/boothPayment.ts): offer, voucher, "paid yet?", cancel */
  pay(request: PayRequest): Promise<PayOutcome>;
  /** standardize the still (photo engine) and run the checks on it; `parse`: its class map, when it follows the analysis */
  standardize(original: Buffer, analysis: StillAnalysis, background: BoothConfig['background'], parse?: Promise<FaceParse | null> | null): Promise<Standardized>;
  /** may this PIN override a failed check: the operator's own PIN, never the documented initial one */
  checkOperatorPin(pin: string): 'ok' | 'wrong' | 'initial';
  /** failed checks the operator overrode for this session from the staff screen, with their reasons */
  operatorOverrides(sessionId: string): { ruleId: RuleId; reason: string }[];
  /** the kiosk's camera while open, for the staff screen */
  reportCamera(report: CameraReport): void;
  /** how the kiosk speaks and how its last prompt went, for the staff screen */
  reportVoice(report: VoiceReport): void;
  sessions: SessionLog;
  /** the status page of a submission, opened by the receipt QR with its secret */
  receiptUrl(submissionId: string, statusSecret: string): string;
}
