// The default PaymentProvider: no money moves. The QR opens the service's own sandbox pay page, whose
// button calls markPaid; that produces a signed notification shaped like WeChat Pay's, which goes
// through the same notification handler, so the demo exercises the real flow on one machine.
// Its orders live in this process: the sandbox is for one service node.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { toFen, type Fen } from '../../../shared/payment/fen.ts';
import { MAX_SIGNATURE_AGE_S } from './wechatPaySignature.ts';
import type {
  NativeOrderRequest,
  NotificationEnvelope,
  NotificationVerification,
  PaymentProvider,
  ProviderRefund,
  ProviderTransaction,
  RefundRequest,
} from './paymentProvider.ts';

export const SANDBOX_HEADERS = { timestamp: 'sandbox-timestamp', nonce: 'sandbox-nonce', signature: 'sandbox-signature' } as const;

/** The page the QR points at, relative to the service's public URL. */
export function sandboxPayPath(orderId: string): string {
  return `/pay/sandbox/${encodeURIComponent(orderId)}`;
}

export interface SandboxOrder {
  outTradeNo: string;
  description: string;
  amountFen: Fen;
  expiresAt: number;
  transaction: ProviderTransaction;
}

export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  /** the service's public URL, known once it listens (PORT=0 picks a port at start) */
  private readonly publicUrl: () => string;
  /** stands in for the platform key: only this process can sign its notifications */
  private readonly secret = randomBytes(32);
  private readonly orders = new Map<string, SandboxOrder>();
  private readonly refunds = new Map<string, ProviderRefund>();
  private sequence = 0;

  constructor(publicUrl: () => string) {
    this.publicUrl = publicUrl;
  }

  async createNativeOrder(request: NativeOrderRequest): Promise<{ codeUrl: string }> {
    if (!this.orders.has(request.outTradeNo)) {
      this.orders.set(request.outTradeNo, {
        outTradeNo: request.outTradeNo,
        description: request.description,
        amountFen: request.amountFen,
        expiresAt: request.expiresAt,
        transaction: { outTradeNo: request.outTradeNo, state: 'unpaid', transactionId: null, paidFen: null, paidAt: null },
      });
    }
    return { codeUrl: `${this.publicUrl().replace(/\/+$/, '')}${sandboxPayPath(request.outTradeNo)}` };
  }

  /** What the pay page shows. */
  order(outTradeNo: string): SandboxOrder | null {
    return this.orders.get(outTradeNo) ?? null;
  }

  /**
   * The pay page's button: pays the order as the student's phone would, and returns the notification
   * the service must handle (the route passes it to the same handler as a provider's POST).
   */
  markPaid(outTradeNo: string, now = Date.now()): NotificationEnvelope {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new RangeError(`no sandbox order ${outTradeNo}`);
    if (order.transaction.state === 'unpaid') {
      if (now > order.expiresAt) throw new RangeError(`sandbox order ${outTradeNo} expired`);
      this.sequence += 1;
      order.transaction = { outTradeNo, state: 'paid', transactionId: `SANDBOX${now}${this.sequence}`, paidFen: order.amountFen, paidAt: now };
    }
    if (order.transaction.state !== 'paid') throw new RangeError(`sandbox order ${outTradeNo} is ${order.transaction.state}`);
    return this.sign({
      id: `SANDBOX-EV-${order.transaction.transactionId}`,
      create_time: new Date(now).toISOString(),
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'sandbox-plain',
      resource: { original_type: 'transaction', transaction: order.transaction },
    }, now);
  }

  private sign(body: object, now: number): NotificationEnvelope {
    const rawBody = Buffer.from(JSON.stringify(body));
    const timestamp = String(Math.floor(now / 1000));
    const nonce = randomBytes(16).toString('hex');
    return {
      headers: { [SANDBOX_HEADERS.timestamp]: timestamp, [SANDBOX_HEADERS.nonce]: nonce, [SANDBOX_HEADERS.signature]: this.mac(timestamp, nonce, rawBody) },
      rawBody,
    };
  }

  private mac(timestamp: string, nonce: string, rawBody: Buffer): string {
    return createHmac('sha256', this.secret).update(`${timestamp}\n${nonce}\n`).update(rawBody).update('\n').digest('base64');
  }

  async queryOrder(outTradeNo: string): Promise<ProviderTransaction | null> {
    return this.orders.get(outTradeNo)?.transaction ?? null;
  }

  async closeOrder(outTradeNo: string): Promise<'closed' | 'already_paid'> {
    const order = this.orders.get(outTradeNo);
    if (order && order.transaction.state !== 'unpaid') return order.transaction.state === 'closed' ? 'closed' : 'already_paid';
    if (order) order.transaction = { ...order.transaction, state: 'closed' };
    return 'closed';
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const existing = this.refunds.get(request.outRefundNo);
    if (existing) return existing;
    const order = this.orders.get(request.outTradeNo);
    if (!order || order.transaction.state !== 'paid') throw new RangeError(`sandbox order ${request.outTradeNo} is not paid`);
    const refund: ProviderRefund = { outTradeNo: request.outTradeNo, outRefundNo: request.outRefundNo, refundId: `SANDBOX-R-${request.outRefundNo}`, state: 'success' };
    order.transaction = { ...order.transaction, state: 'refunded' };
    this.refunds.set(request.outRefundNo, refund);
    return refund;
  }

  verifyNotification(envelope: NotificationEnvelope, now: number): NotificationVerification {
    const get = (name: string): string | undefined => {
      const value = envelope.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const timestamp = get(SANDBOX_HEADERS.timestamp);
    const nonce = get(SANDBOX_HEADERS.nonce);
    const signature = get(SANDBOX_HEADERS.signature);
    if (!timestamp || !nonce || !signature) return { ok: false, reason: 'missing_headers' };
    if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) return { ok: false, reason: 'stale_timestamp' };
    const expected = Buffer.from(this.mac(timestamp, nonce, envelope.rawBody), 'base64');
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
    const body = JSON.parse(envelope.rawBody.toString('utf8')) as { id: string; resource: { transaction: ProviderTransaction } };
    const transaction = body.resource.transaction;
    return {
      ok: true,
      envelopeKey: `sandbox:${timestamp}:${nonce}`,
      notification: { kind: 'payment', notificationId: body.id, transaction: { ...transaction, paidFen: transaction.paidFen === null ? null : toFen(transaction.paidFen) } },
    };
  }
}
