// The service's payment use cases over a provider and a store: the order for a collection code (an
// existing payment covers every retake), the booth's status poll with the provider query as the
// fallback for a lost notification, cancel, refunds and their sweep, and the notification endpoint.
import type { Fen } from '../../../shared/payment/fen.ts';
import { applyOrderEvent, newOrder, type OrderEvent, type PaymentOrder, type Transition } from './paymentOrder.ts';
import type { PaymentStore } from './paymentStore.ts';
import type { NotificationEnvelope, PaymentProvider, ProviderNotification } from './paymentProvider.ts';
import { refundsDue, type RefundDue, DEFAULT_REFUND_AFTER_DAYS } from './refundsDue.ts';

export const DEFAULT_ORDER_LIFETIME_MS = 10 * 60 * 1000;
/** a booth polls every second or two; the provider is asked about one order at most this often */
const PROVIDER_QUERY_INTERVAL_MS = 5_000;
/** an order this close to expiry is not handed to a new session: the student needs time to pay */
const REUSE_MARGIN_MS = 60_000;
const UPDATE_ATTEMPTS = 5;

export interface PaymentOrdersOptions {
  store: PaymentStore;
  provider: PaymentProvider;
  /** what the student's phone shows as the purchase */
  description: string;
  /** a new out_trade_no (a ULID) */
  newOrderId: () => string;
  now?: () => number;
  orderLifetimeMs?: number;
  /** anomalies worth a look (amount mismatch, unknown order); the service's logger */
  log?: (event: string, detail: Record<string, unknown>) => void;
}

export type OrderForCode = { status: 'paid'; order: PaymentOrder } | { status: 'awaiting_payment'; order: PaymentOrder };

/** What the notification route answers: 204 when handled, else the protocol's failure body. */
export type NotificationReply = { status: 204 } | { status: 400 | 401 | 500; body: { code: 'FAIL'; message: string } };

export interface RefundSweep {
  /** refunds completed in this sweep */
  refunded: PaymentOrder[];
  /** refunds requested but not complete (processing at the provider, or the call failed): the staff screen's list */
  pending: { order: PaymentOrder; lastError: string | null }[];
}

/** A paid order covers its code until refunded (a refund under way no longer covers it). */
export function covers(order: PaymentOrder): boolean {
  return order.state === 'paid' && order.refund === null;
}

export class PaymentOrders {
  private readonly store: PaymentStore;
  private readonly provider: PaymentProvider;
  private readonly description: string;
  private readonly newOrderId: () => string;
  private readonly now: () => number;
  private readonly lifetimeMs: number;
  private readonly log: (event: string, detail: Record<string, unknown>) => void;
  private readonly lastQueried = new Map<string, number>();

  constructor(options: PaymentOrdersOptions) {
    this.store = options.store;
    this.provider = options.provider;
    this.description = options.description;
    this.newOrderId = options.newOrderId;
    this.now = options.now ?? Date.now;
    this.lifetimeMs = options.orderLifetimeMs ?? DEFAULT_ORDER_LIFETIME_MS;
    this.log = options.log ?? (() => undefined);
  }

  /** The code's payment, if one covers it: the booth skips the pay screen. */
  async coveringOrder(collectionCode: string): Promise<PaymentOrder | null> {
    return (await this.store.ordersForCode(collectionCode)).find(covers) ?? null;
  }

  /**
   * What the booth's pay screen shows for a code: its existing payment, an open order another session
   * of the same code started, or a new order with its QR. A retried request (same idempotency key)
   * gets the same order.
   */
  async orderForCode(request: { boothId: string; collectionCode: string; amountFen: Fen; idempotencyKey: string }): Promise<OrderForCode> {
    const repeated = await this.store.findByIdempotencyKey(request.idempotencyKey);
    if (repeated) return { status: covers(repeated) ? 'paid' : 'awaiting_payment', order: repeated };
    const now = this.now();
    const orders = await this.store.ordersForCode(request.collectionCode);
    const paid = orders.find(covers);
    if (paid) return { status: 'paid', order: paid };
    const open = orders.find((o) => o.state === 'created' && o.amountFen === request.amountFen && o.expiresAt - now > REUSE_MARGIN_MS);
    if (open) return { status: 'awaiting_payment', order: open };

    const id = this.newOrderId();
    const expiresAt = now + this.lifetimeMs;
    const { codeUrl } = await this.provider.createNativeOrder({ outTradeNo: id, description: this.description, amountFen: request.amountFen, expiresAt });
    const order = newOrder({ id, provider: this.provider.name, collectionCode: request.collectionCode, boothId: request.boothId, amountFen: request.amountFen, idempotencyKey: request.idempotencyKey, codeUrl, createdAt: now, expiresAt });
    if ((await this.store.insertOrder(order)) === 'inserted') return { status: 'awaiting_payment', order };
    // another node stored this idempotency key first: keep theirs, and make ours unpayable
    await this.provider.closeOrder(id).catch((error: unknown) => this.log('payment.orphan_close_failed', { orderId: id, error: String(error) }));
    const winner = await this.store.findByIdempotencyKey(request.idempotencyKey);
    if (!winner) throw new Error(`order insert for idempotency key ${request.idempotencyKey} refused, yet no order holds it`);
    return { status: covers(winner) ? 'paid' : 'awaiting_payment', order: winner };
  }

  /**
   * The booth's poll. The notification normally brings the payment; when it is late or lost, asking
   * the provider (at most every few seconds per order) finds it, and finds expired orders closed.
   */
  async status(orderId: string): Promise<PaymentOrder | null> {
    const order = await this.store.getOrder(orderId);
    if (!order || order.state !== 'created') return order;
    const now = this.now();
    if (now - (this.lastQueried.get(orderId) ?? 0) < PROVIDER_QUERY_INTERVAL_MS) return order;
    this.lastQueried.set(orderId, now);
    const seen = await this.reconcileWithProvider(order, now);
    if (seen?.state !== 'created') this.lastQueried.delete(orderId);
    return seen;
  }

  /** `closeRefused`: the provider already said "paid" to a close; never loop on an inconsistent answer. */
  private async reconcileWithProvider(order: PaymentOrder, now: number, closeRefused = false): Promise<PaymentOrder | null> {
    const transaction = await this.provider.queryOrder(order.id);
    if (transaction && transaction.transactionId !== null && transaction.paidFen !== null && (transaction.state === 'paid' || transaction.state === 'refunded')) {
      return this.applyOrLog(order.id, { type: 'paid', at: transaction.paidAt ?? now, transactionId: transaction.transactionId, paidFen: transaction.paidFen, source: 'query' });
    }
    const over = transaction?.state === 'closed' || (now > order.expiresAt && transaction?.state !== 'paying');
    if (!over || closeRefused) return order;
    // close it at the provider too, so a QR still on someone's phone cannot be paid any more
    if (transaction && transaction.state !== 'closed' && (await this.provider.closeOrder(order.id)) === 'already_paid') return this.reconcileWithProvider(order, now, true);
    return this.applyOrLog(order.id, { type: 'closed', at: now, reason: 'expired' });
  }

  /** The student pressed cancel: the QR stops working. A payment that beat the cancel still counts. */
  async cancel(orderId: string): Promise<PaymentOrder | null> {
    const order = await this.store.getOrder(orderId);
    if (!order || order.state !== 'created') return order;
    if ((await this.provider.closeOrder(orderId)) === 'already_paid') return this.reconcileWithProvider(order, this.now(), true);
    return this.applyOrLog(orderId, { type: 'closed', at: this.now(), reason: 'cancelled' });
  }

  /** Refunds a paid order in full; safe to call again (the same out_refund_no every time). */
  async refund(orderId: string, reason: string): Promise<PaymentOrder> {
    const requested = await this.apply(orderId, { type: 'refund_requested', at: this.now(), reason });
    if (!requested) throw new RangeError(`no order ${orderId}`);
    if (!requested.ok && requested.reason === 'refunded') return (await this.store.getOrder(orderId)) as PaymentOrder;
    if (!requested.ok) throw new RangeError(`order ${orderId} cannot be refunded: ${requested.reason}`);
    const order = requested.order;
    if (order.state === 'refunded' || !order.refund) return order;
    const result = await this.provider.refund({ outTradeNo: order.id, outRefundNo: order.refund.outRefundNo, refundFen: order.amountFen, totalFen: order.amountFen, reason: order.refund.reason });
    if (result.state !== 'success') return order;
    return (await this.applyOrLog(orderId, { type: 'refunded', at: this.now(), refundId: result.refundId })) ?? order;
  }

  /**
   * The periodic job: requests the refunds now due (see refundsDue) and retries every refund under
   * way. `acceptedCodes`: collection codes with an accepted photo.
   */
  async refundSweep(acceptedCodes: ReadonlySet<string>, days = DEFAULT_REFUND_AFTER_DAYS): Promise<RefundSweep> {
    const paid = await this.store.paidOrders();
    const due: RefundDue[] = refundsDue(paid, acceptedCodes, this.now(), days);
    const dueIds = new Map(due.map((d) => [d.order.id, d.reason]));
    const work = paid.filter((o) => o.refund !== null || dueIds.has(o.id));
    const sweep: RefundSweep = { refunded: [], pending: [] };
    for (const order of work) {
      try {
        const after = await this.refund(order.id, order.refund?.reason ?? (dueIds.get(order.id) as string));
        if (after.state === 'refunded') sweep.refunded.push(after);
        else sweep.pending.push({ order: after, lastError: null });
      } catch (error) {
        sweep.pending.push({ order: (await this.store.getOrder(order.id)) ?? order, lastError: String(error) });
      }
    }
    return sweep;
  }

  /**
   * The provider's POST, answered from local work only (verify, decrypt, one update) so it stays far
   * inside the 5 s the provider waits. A delivery seen before is refused as a replay; the same
   * notification re-sent in a new signed delivery is acknowledged without changing anything again.
   */
  async handleNotification(envelope: NotificationEnvelope): Promise<NotificationReply> {
    const now = this.now();
    const verified = this.provider.verifyNotification(envelope, now);
    if (!verified.ok) return { status: verified.reason === 'malformed' ? 400 : 401, body: { code: 'FAIL', message: verified.reason } };
    const { notification } = verified;
    try {
      if (!(await this.store.notificationHandled(notification.notificationId))) await this.applyNotification(notification, now);
    } catch (error) {
      this.log('payment.notification_failed', { notificationId: notification.notificationId, error: String(error) });
      return { status: 500, body: { code: 'FAIL', message: 'not stored, please retry' } };
    }
    // a delivery already recorded is a replay (its notification id was handled, so nothing was re-applied)
    if (!(await this.store.recordNotification(notification.notificationId, verified.envelopeKey, now))) {
      return { status: 401, body: { code: 'FAIL', message: 'replayed' } };
    }
    return { status: 204 };
  }

  private async applyNotification(notification: ProviderNotification, now: number): Promise<void> {
    if (notification.kind === 'payment') {
      const t = notification.transaction;
      if (t.transactionId === null || t.paidFen === null || (t.state !== 'paid' && t.state !== 'refunded')) return;
      await this.applyOrLog(t.outTradeNo, { type: 'paid', at: t.paidAt ?? now, transactionId: t.transactionId, paidFen: t.paidFen, source: 'notification' });
      return;
    }
    if (notification.refund.state === 'success') {
      await this.applyOrLog(notification.refund.outTradeNo, { type: 'refunded', at: now, refundId: notification.refund.refundId });
    } else {
      this.log('payment.refund_not_successful', { ...notification.refund });
    }
  }

  /** Read, apply, store if the version still matches; re-read and re-apply when another node won. */
  private async apply(orderId: string, event: OrderEvent): Promise<Transition | null> {
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt += 1) {
      const order = await this.store.getOrder(orderId);
      if (!order) return null;
      const transition = applyOrderEvent(order, event);
      if (!transition.ok || !transition.changed) return transition;
      if (await this.store.updateOrder(transition.order, order.version)) return transition;
    }
    throw new Error(`order ${orderId}: ${UPDATE_ATTEMPTS} concurrent updates in a row`);
  }

  /**
   * Applies an event the provider reported. An unknown order or a refused event (an amount that is
   * not the order's) is an anomaly to log, not something a retry of the notification would fix.
   */
  private async applyOrLog(orderId: string, event: OrderEvent): Promise<PaymentOrder | null> {
    const transition = await this.apply(orderId, event);
    if (!transition) {
      this.log('payment.unknown_order', { orderId, event: event.type });
      return null;
    }
    if (!transition.ok) {
      this.log('payment.event_refused', { orderId, event, reason: transition.reason });
      return this.store.getOrder(orderId);
    }
    return transition.order;
  }
}
