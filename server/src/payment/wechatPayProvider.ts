// PaymentProvider over WeChat Pay API v3 "Native" (QR code) payments: signed requests, responses
// accepted only with a valid platform signature, notifications verified on the raw body and decrypted.
import { z } from 'zod';
import { toFen } from '../../../shared/payment/fen.ts';
import { authorizationHeader, merchantNonce, verifyPlatformSignature } from './wechatPaySignature.ts';
import { decryptResource } from './wechatPayResource.ts';
import type { WechatPayCredentials } from './wechatPayConfig.ts';
import {
  PaymentProviderError,
  type NativeOrderRequest,
  type NotificationEnvelope,
  type NotificationVerification,
  type PaymentProvider,
  type ProviderRefund,
  type ProviderTransaction,
  type RefundRequest,
} from './paymentProvider.ts';

const REQUEST_TIMEOUT_MS = 10_000;

const TransactionSchema = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int().min(0).optional(), payer_total: z.number().int().min(0).optional() }).optional(),
});

const RefundSchema = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string(),
  status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
});

/** A refund notification's resource names the status `refund_status` (the API answer says `status`). */
const RefundNotificationSchema = z.object({
  mchid: z.string(),
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string(),
  refund_status: z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']),
});

const NotificationSchema = z.object({
  id: z.string().min(1),
  event_type: z.string(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    nonce: z.string(),
    associated_data: z.string().optional(),
    original_type: z.string().optional(),
  }),
});

const TRADE_STATES: Record<z.infer<typeof TransactionSchema>['trade_state'], ProviderTransaction['state']> = {
  SUCCESS: 'paid',
  REFUND: 'refunded',
  NOTPAY: 'unpaid',
  CLOSED: 'closed',
  REVOKED: 'closed',
  USERPAYING: 'paying',
  PAYERROR: 'failed',
};

const REFUND_STATES = { SUCCESS: 'success', CLOSED: 'closed', PROCESSING: 'processing', ABNORMAL: 'abnormal' } as const;

function toTransaction(t: z.infer<typeof TransactionSchema>): ProviderTransaction {
  const paid = t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND';
  return {
    outTradeNo: t.out_trade_no,
    state: TRADE_STATES[t.trade_state],
    transactionId: t.transaction_id ?? null,
    paidFen: paid && t.amount?.total !== undefined ? toFen(t.amount.total) : null,
    paidAt: paid && t.success_time ? Date.parse(t.success_time) : null,
  };
}

/** RFC 3339 in China time, the form the API expects for time_expire. */
function chinaTime(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

interface ApiResponse {
  status: number;
  json: unknown;
}

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechat';
  private readonly credentials: WechatPayCredentials;

  constructor(credentials: WechatPayCredentials) {
    this.credentials = credentials;
  }

  /** One signed call; the answer is trusted only once its platform signature verifies. */
  private async call(method: 'GET' | 'POST', pathWithQuery: string, body: object | null): Promise<ApiResponse> {
    const text = body === null ? '' : JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    let response: Response;
    try {
      response = await fetch(`${this.credentials.baseUrl}${pathWithQuery}`, {
        method,
        headers: {
          Authorization: authorizationHeader(this.credentials.merchant, method, pathWithQuery, text, timestamp, merchantNonce()),
          Accept: 'application/json',
          'User-Agent': 'GradBooth-review-service',
          ...(body === null ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === null ? {} : { body: text }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new PaymentProviderError('network', `WeChat Pay unreachable: ${(error as Error).message}`, null, true);
    }
    const raw = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    const check = verifyPlatformSignature(headers, raw, this.credentials.platformKeys, Date.now());
    if (!check.ok) {
      throw new PaymentProviderError(`unverified_response_${check.reason}`, `WeChat Pay answer ${response.status} to ${method} ${pathWithQuery} refused: ${check.reason}`, response.status, false);
    }
    let json: unknown = null;
    if (raw.length > 0) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new PaymentProviderError('malformed_response', `WeChat Pay answered ${method} ${pathWithQuery} with non-JSON`, response.status, true);
      }
    }
    return { status: response.status, json };
  }

  private failure(response: ApiResponse, what: string): PaymentProviderError {
    const parsed = z.object({ code: z.string(), message: z.string() }).safeParse(response.json);
    const code = parsed.success ? parsed.data.code : `http_${response.status}`;
    return new PaymentProviderError(code, `${what}: ${parsed.success ? parsed.data.message : `HTTP ${response.status}`}`, response.status, response.status >= 500 || response.status === 429);
  }

  private parse<T>(schema: z.ZodType<T>, response: ApiResponse, what: string): T {
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) throw new PaymentProviderError('malformed_response', `${what}: unexpected answer ${JSON.stringify(response.json)}`, response.status, false);
    return parsed.data;
  }

  async createNativeOrder(request: NativeOrderRequest): Promise<{ codeUrl: string }> {
    const response = await this.call('POST', '/v3/pay/transactions/native', {
      appid: this.credentials.appid,
      mchid: this.credentials.merchant.mchid,
      description: request.description,
      out_trade_no: request.outTradeNo,
      time_expire: chinaTime(request.expiresAt),
      notify_url: this.credentials.notifyUrl,
      amount: { total: request.amountFen, currency: 'CNY' },
    });
    if (response.status !== 200) throw this.failure(response, 'create native order');
    return { codeUrl: this.parse(z.object({ code_url: z.string().min(1) }), response, 'create native order').code_url };
  }

  async queryOrder(outTradeNo: string): Promise<ProviderTransaction | null> {
    const mchid = encodeURIComponent(this.credentials.merchant.mchid);
    const response = await this.call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${mchid}`, null);
    if (response.status === 404) return null;
    if (response.status !== 200) throw this.failure(response, 'query order');
    return toTransaction(this.parse(TransactionSchema, response, 'query order'));
  }

  async closeOrder(outTradeNo: string): Promise<'closed' | 'already_paid'> {
    const response = await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.credentials.merchant.mchid });
    if (response.status === 204 || response.status === 200) return 'closed';
    const error = this.failure(response, 'close order');
    if (error.code === 'ORDERPAID') return 'already_paid';
    throw error;
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const response = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: request.outTradeNo,
      out_refund_no: request.outRefundNo,
      reason: request.reason,
      notify_url: this.credentials.notifyUrl,
      amount: { refund: request.refundFen, total: request.totalFen, currency: 'CNY' },
    });
    if (response.status !== 200) throw this.failure(response, 'refund');
    return this.toRefund(this.parse(RefundSchema, response, 'refund'));
  }

  private toRefund(r: z.infer<typeof RefundSchema>): ProviderRefund {
    return { outTradeNo: r.out_trade_no, outRefundNo: r.out_refund_no, refundId: r.refund_id, state: REFUND_STATES[r.status] };
  }

  verifyNotification(envelope: NotificationEnvelope, now: number): NotificationVerification {
    const signature = verifyPlatformSignature(envelope.headers, envelope.rawBody, this.credentials.platformKeys, now);
    if (!signature.ok) return signature;
    let body: z.infer<typeof NotificationSchema>;
    try {
      body = NotificationSchema.parse(JSON.parse(envelope.rawBody.toString('utf8')));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const plaintext = decryptResource(body.resource, this.credentials.apiV3Key);
    if (!plaintext) return { ok: false, reason: 'undecryptable' };
    let resource: unknown;
    try {
      resource = JSON.parse(plaintext.toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const envelopeKey = `wechat:${signature.serial}:${signature.timestamp}:${signature.nonce}`;
    if (body.event_type.startsWith('TRANSACTION.')) {
      const parsed = TransactionSchema.safeParse(resource);
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      if (parsed.data.mchid !== this.credentials.merchant.mchid) return { ok: false, reason: 'other_merchant' };
      return { ok: true, envelopeKey, notification: { kind: 'payment', notificationId: body.id, transaction: toTransaction(parsed.data) } };
    }
    if (body.event_type.startsWith('REFUND.')) {
      const parsed = RefundNotificationSchema.safeParse(resource);
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      if (parsed.data.mchid !== this.credentials.merchant.mchid) return { ok: false, reason: 'other_merchant' };
      const r = parsed.data;
      return { ok: true, envelopeKey, notification: { kind: 'refund', notificationId: body.id, refund: { outTradeNo: r.out_trade_no, outRefundNo: r.out_refund_no, refundId: r.refund_id, state: REFUND_STATES[r.refund_status] } } };
    }
    return { ok: false, reason: 'malformed' };
  }
}
