// The booth ⇄ review service protocol (ARCHITECTURE §6): every request and response body as a zod
// schema, used by the service to validate and document (OpenAPI) and by the booth to build and read.
import { z } from 'zod';
import { CheckResultSchema, RuleIdSchema } from '../checkResult.ts';
import { SignedVoucherBatchSchema } from '../payment/voucherBatch.ts';

export const API_PREFIX = '/api/v1';

/** A ULID made at the booth: 26 Crockford base-32 characters. */
export const UlidSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID (26 Crockford base-32 characters)');
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

/** 学历类别 a booth may offer, as the seed's service lists them. */
export const DEGREE_CATEGORIES = ['专科', '本科', '第二学士学位', '硕士研究生', '博士研究生'] as const;
export const DegreeCategorySchema = z.enum(DEGREE_CATEGORIES);
export type DegreeCategory = z.infer<typeof DegreeCategorySchema>;

export const PaymentModeSchema = z.enum(['free', 'voucher', 'online']);
export type PaymentMode = z.infer<typeof PaymentModeSchema>;

export const ErrorBodySchema = z.object({
  error: z.string().describe('machine-readable error code'),
  message: z.string().describe('English, for logs and operators'),
  message_zh: z.string().optional().describe('Chinese, where a student or operator may read it'),
  serverTime: z.number().optional().describe('service clock, ms since epoch (sent with clock-skew refusals)'),
  remainingAttempts: z.number().int().optional(),
  retryAfterSeconds: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---- enrollment ----
export const EnrollRequestSchema = z.object({
  enrollmentCode: z.string().min(6).max(64),
  /** the booth's Ed25519 public key, raw 32 bytes, base64 */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a raw 32-byte Ed25519 key in base64'),
  label: z.string().max(120).default(''),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const BoothConfigSchema = z.object({
  school: z.string(),
  degreeCategories: z.array(DegreeCategorySchema).min(1),
  paymentMode: PaymentModeSchema,
});
export type BoothConfig = z.infer<typeof BoothConfigSchema>;

/**
 * The shape of collection code the service's resolver adapter accepts, declared by the adapter (the
 * simulator declares its framing; a real 学信网 adapter would declare its own), so the booth can tell a
 * wrong thing scanned at once. `pattern` is a regular-expression source matched against the whole code.
 */
export const CodeShapeSchema = z.object({
  id: z.string().min(1),
  pattern: z.string().min(1),
  minLength: z.number().int().positive(),
  maxLength: z.number().int().positive(),
});
export type CodeShape = z.infer<typeof CodeShapeSchema>;

export const EnrollResponseSchema = z.object({
  boothId: UlidSchema,
  config: BoothConfigSchema,
  codeShape: CodeShapeSchema,
  serverTime: z.number(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

// ---- collection code resolution ----
export const ResolveCodeRequestSchema = z.object({
  code: z.string().min(8).max(512),
  last4: z.string().regex(/^[0-9]{3}[0-9Xx]$/, 'the last 4 characters of the ID number'),
});
export type ResolveCodeRequest = z.infer<typeof ResolveCodeRequestSchema>;

export const ResolvedCodeSchema = z.object({
  maskedName: z.string(),
  maskedSchool: z.string(),
  degreeCategory: DegreeCategorySchema,
  /** whether this code already has a live (pending/approved/…) submission */
  hasLiveSubmission: z.boolean(),
});
export type ResolvedCode = z.infer<typeof ResolvedCodeSchema>;

// ---- uploads ----
export const SessionFactsSchema = z.object({
  startedAt: z.number().describe('ms since epoch, booth clock'),
  capturedAt: z.number(),
  acceptedAt: z.number(),
  retakes: z.number().int().min(0),
  paymentMode: PaymentModeSchema,
  /** voucher code or payment order id, when paid */
  paymentRef: z.string().optional(),
  /** true when code + last-4 were stored offline and are verified by the service at upload */
  deferredVerification: z.boolean(),
});

export const LandmarksSchema = z.object({
  /** x, y pairs in output-pixel coordinates (480 × 640), flat [x0, y0, x1, y1, …] */
  points: z.array(z.number()),
  headTopY: z.number().nullable(),
  eyeLineY: z.number().nullable(),
  faceLeftX: z.number().nullable(),
  faceRightX: z.number().nullable(),
  rollDeg: z.number().nullable(),
});
export type Landmarks = z.infer<typeof LandmarksSchema>;

/** A failed check the booth operator let through (with the operator PIN), and why. */
export const OperatorOverrideSchema = z.object({ ruleId: RuleIdSchema, reason: z.string().max(200) });

export const SubmissionMetadataSchema = z.object({
  submissionId: UlidSchema,
  collectionCode: z.string().min(8).max(512),
  last4: z.string().regex(/^[0-9]{3}[0-9Xx]$/),
  degreeCategory: DegreeCategorySchema,
  checks: z.array(CheckResultSchema),
  /** failed checks the operator overrode at the booth: the reviewer looks at these first */
  overrides: z.array(OperatorOverrideSchema).default([]),
  landmarks: LandmarksSchema,
  session: SessionFactsSchema,
  standardizedSha256: Sha256HexSchema,
  originalSha256: Sha256HexSchema,
  /** sha256 of the secret printed in the student's receipt QR; the secret itself never leaves the booth */
  statusSecretSha256: Sha256HexSchema,
});
export type SubmissionMetadata = z.infer<typeof SubmissionMetadataSchema>;

/** multipart/form-data part names of an upload, in the order the booth sends them. */
export const UPLOAD_PARTS = { metadata: 'metadata', metadataSha256: 'metadataSha256', standardized: 'standardized', original: 'original' } as const;
/** Whole request body limit of an upload; larger → 413. */
export const UPLOAD_MAX_BYTES = 16 * 1024 * 1024;
export const STANDARDIZED_MAX_BYTES = 1024 * 1024;

export const SUBMISSION_STATES = ['pending', 'approved', 'rejected', 'transmitting', 'done', 'withdrawn'] as const;
export const SubmissionStateSchema = z.enum(SUBMISSION_STATES);
export type SubmissionState = z.infer<typeof SubmissionStateSchema>;

/** The wording the seed's service shows students for each state. */
export const STATE_LABEL_ZH: Record<SubmissionState, string> = {
  pending: '待审核',
  approved: '审核通过',
  rejected: '审核未通过',
  transmitting: '上网中',
  done: '采集完成',
  withdrawn: '已撤回',
};

/** Reasons a reviewer may give: the spec's rule ids plus the service's own. */
export const ReasonCodeSchema = z.union([RuleIdSchema, z.enum(['identity.unverified', 'other'])]);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

export const SubmissionRecordSchema = z.object({
  submissionId: UlidSchema,
  boothId: UlidSchema,
  state: SubmissionStateSchema,
  metadataSha256: Sha256HexSchema,
  standardizedSha256: Sha256HexSchema,
  originalSha256: Sha256HexSchema,
  receivedAt: z.number(),
});
export type SubmissionRecord = z.infer<typeof SubmissionRecordSchema>;

// ---- decisions feed ----
export const BoothEventSchema = z.object({
  cursor: z.string().describe('opaque; pass as ?after= to get the events after this one'),
  kind: z.enum(['submission.state', 'config']),
  submissionId: UlidSchema.nullable(),
  state: SubmissionStateSchema.nullable(),
  reasons: z.array(ReasonCodeSchema),
  note: z.string(),
  config: BoothConfigSchema.nullable(),
  at: z.number(),
});
export type BoothEvent = z.infer<typeof BoothEventSchema>;

export const EventsResponseSchema = z.object({
  events: z.array(BoothEventSchema),
  /** the cursor to ask with next time (unchanged when there was nothing new) */
  cursor: z.string(),
});
export type EventsResponse = z.infer<typeof EventsResponseSchema>;

// ---- heartbeat ----
export const HeartbeatRequestSchema = z.object({
  appVersion: z.string().max(40),
  /** submissions waiting in the outbox and the age of the oldest, seconds */
  queueLength: z.number().int().min(0),
  oldestQueuedAgeSeconds: z.number().min(0).nullable(),
  health: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;

export const HeartbeatResponseSchema = z.object({ serverTime: z.number(), revoked: z.boolean() });

// ---- payment (ARCHITECTURE §8) ----
// The booth names a student's code to the payment API only by its key (collectionCodeKey): payment
// needs to know "the same code", never the code itself.

/** An order's amount: whole fen, at most ¥1000 (a booth fee, not a shop). */
export const OrderAmountFenSchema = z.number().int().min(1).max(100_000);

export const CreateOrderRequestSchema = z.object({
  codeKey: Sha256HexSchema.describe('collectionCodeKey(code), shared/payment/collectionCodeKey.ts'),
  amountFen: OrderAmountFenSchema,
  /** the booth's key for this request: a retried create returns the same order */
  idempotencyKey: z.string().min(8).max(64),
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequestSchema>;

/**
 * How a booth names the code when it polls or cancels an order (`?codeKey=` on the poll, the body of
 * the cancel): an order is shown to the booth that created it, or to one that names its code (a
 * second session of the code at another booth was handed that open order); its id alone, which the
 * QR shows to anyone, opens nothing.
 */
export const OrderAccessSchema = z.object({ codeKey: Sha256HexSchema.optional() });
export type OrderAccess = z.infer<typeof OrderAccessSchema>;

export const OrderViewSchema = z.object({
  orderId: z.string(),
  state: z.enum(['created', 'paid', 'closed', 'refunded']),
  /** true when this order pays for the code (paid and not being refunded): the booth moves on */
  covers: z.boolean(),
  /** the QR text while the order can be paid */
  codeUrl: z.string().nullable(),
  amountFen: z.number().int().min(0),
  expiresAt: z.number().int(),
});
export type OrderView = z.infer<typeof OrderViewSchema>;

export const VoucherBatchesResponseSchema = z.object({
  /** the service's Ed25519 public key (raw 32 bytes, base64) the batches are signed with */
  servicePublicKey: z.string().min(40),
  /** the booth's unexpired batches */
  batches: z.array(SignedVoucherBatchSchema),
});
export type VoucherBatchesResponse = z.infer<typeof VoucherBatchesResponseSchema>;

export const VoucherRedemptionReportSchema = z.object({
  /** a ULID made when the booth accepted the voucher, so a re-sent report is recognised */
  redemptionId: UlidSchema,
  batchId: z.string().min(1),
  voucherHash: Sha256HexSchema,
  codeKey: Sha256HexSchema,
  redeemedAt: z.number().int().positive(),
});
export type VoucherRedemptionReport = z.infer<typeof VoucherRedemptionReportSchema>;

export const RedemptionsRequestSchema = z.object({ redemptions: z.array(VoucherRedemptionReportSchema).min(1).max(500) });
export const RedemptionVerdictSchema = z.enum(['accepted', 'already_recorded', 'double_use', 'not_in_batch', 'after_expiry']);
export const RedemptionsResponseSchema = z.object({
  results: z.array(z.object({ redemptionId: UlidSchema, verdict: RedemptionVerdictSchema })),
});
export type RedemptionsResponse = z.infer<typeof RedemptionsResponseSchema>;

/** A payment the service refunds or will refund on its own: what the staff screen lists. */
export const PendingRefundSchema = z.object({
  orderId: z.string(),
  boothId: z.string(),
  amountFen: z.number().int().min(0),
  paidAt: z.number().int(),
  reason: z.enum(['no_accepted_photo', 'duplicate_payment', 'manual']),
  /** null while only due (the next sweep asks the provider) */
  requestedAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type PendingRefund = z.infer<typeof PendingRefundSchema>;
export const PendingRefundsResponseSchema = z.object({ refunds: z.array(PendingRefundSchema) });
