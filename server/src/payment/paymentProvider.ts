// The seam between the service's orders and whoever moves the money: WeChat Pay v3 Native in
// production, the sandbox for demonstrations, none when payment is off. Everything is keyed by our
// order id (out_trade_no).
import type { Fen } from '../../../shared/payment/fen.ts';

export type ProviderName = 'sandbox' | 'wechat' | 'none';

export interface NativeOrderRequest {
  /** our order id, 6–32 of [A-Za-z0-9_-] (a ULID) */
  outTradeNo: string;
  /** what the student's phone shows, e.g. 学历图像采集 */
  description: string;
  amountFen: Fen;
  /** ms since epoch; the provider refuses payment after it */
  expiresAt: number;
}

/** The provider's view of one order. */
export interface ProviderTransaction {
  outTradeNo: string;
  state: 'unpaid' | 'paying' | 'paid' | 'closed' | 'refunded' | 'failed';
  transactionId: string | null;
  /** what was paid, when paid */
  paidFen: Fen | null;
  paidAt: number | null;
}

export interface RefundRequest {
  outTradeNo: string;
  /** derived from the order, so a retry after a lost answer asks for the same refund */
  outRefundNo: string;
  refundFen: Fen;
  totalFen: Fen;
  reason: string;
}

export interface ProviderRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  state: 'processing' | 'success' | 'closed' | 'abnormal';
}

/** A notification exactly as it arrived: verification needs the raw bytes, not re-serialised JSON. */
export interface NotificationEnvelope {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export type ProviderNotification =
  | { kind: 'payment'; notificationId: string; transaction: ProviderTransaction }
  | { kind: 'refund'; notificationId: string; refund: ProviderRefund };

export type NotificationRefusal = 'missing_headers' | 'unknown_serial' | 'stale_timestamp' | 'bad_signature' | 'malformed' | 'undecryptable' | 'other_merchant';

export type NotificationVerification =
  | { ok: true; notification: ProviderNotification; /** identifies this signed delivery, for replay refusal */ envelopeKey: string }
  | { ok: false; reason: NotificationRefusal };

export interface PaymentProvider {
  readonly name: ProviderName;
  /** the text of the QR the student scans (WeChat `code_url`) */
  createNativeOrder(request: NativeOrderRequest): Promise<{ codeUrl: string }>;
  /** null when the provider has no such order */
  queryOrder(outTradeNo: string): Promise<ProviderTransaction | null>;
  /** 'already_paid' when the student paid before the close reached the provider */
  closeOrder(outTradeNo: string): Promise<'closed' | 'already_paid'>;
  /** repeating a refund with the same out_refund_no returns that refund's state, never a second refund */
  refund(request: RefundRequest): Promise<ProviderRefund>;
  /** synchronous and local (no network), so the notification is answered well within 5 s */
  verifyNotification(envelope: NotificationEnvelope, now: number): NotificationVerification;
}

/** A provider call that failed; `retryable` says whether the same call may simply be repeated later. */
export class PaymentProviderError extends Error {
  readonly code: string;
  readonly status: number | null;
  readonly retryable: boolean;

  constructor(code: string, message: string, status: number | null, retryable: boolean) {
    super(message);
    this.name = 'PaymentProviderError';
    this.code = code;
    this.status = status;
    this.retryable = retryable;
  }
}
