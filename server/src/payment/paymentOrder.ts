// A payment order as a pure state machine: created → paid | closed, paid → refunded, every change
// appended to the order's own audit trail. The order belongs to the student's collection code, not
// to a booth session, so any later session of the same code finds it.
import type { Fen } from '../../../shared/payment/fen.ts';
import type { ProviderName } from './paymentProvider.ts';

export type OrderState = 'created' | 'paid' | 'closed' | 'refunded';

export type OrderEvent =
  | { type: 'paid'; at: number; transactionId: string; paidFen: Fen; source: 'notification' | 'query' }
  | { type: 'closed'; at: number; reason: 'cancelled' | 'expired' | 'replaced' }
  | { type: 'refund_requested'; at: number; reason: string }
  | { type: 'refunded'; at: number; refundId: string };

export interface OrderAuditEntry {
  at: number;
  event: OrderEvent['type'] | 'created';
  /** null for the creation entry */
  from: OrderState | null;
  to: OrderState;
  detail: string;
}

export interface OrderRefund {
  /** fixed when the refund is first asked for, so every retry names the same refund */
  outRefundNo: string;
  reason: string;
  requestedAt: number;
  refundId: string | null;
  completedAt: number | null;
}

export interface PaymentOrder {
  /** also the provider's out_trade_no */
  id: string;
  provider: ProviderName;
  /** the owner: payment covers this code's retakes until a photo is accepted */
  collectionCode: string;
  /** the booth that asked for it (for the staff screen; not the owner) */
  boothId: string;
  amountFen: Fen;
  /** the booth's key for "this request", so a retried create returns the same order */
  idempotencyKey: string;
  state: OrderState;
  codeUrl: string;
  createdAt: number;
  expiresAt: number;
  paidAt: number | null;
  transactionId: string | null;
  closedAt: number | null;
  refund: OrderRefund | null;
  /** increases with every change; stores update only when it still matches (several service nodes) */
  version: number;
  audit: OrderAuditEntry[];
}

export type NewOrder = Pick<PaymentOrder, 'id' | 'provider' | 'collectionCode' | 'boothId' | 'amountFen' | 'idempotencyKey' | 'codeUrl' | 'createdAt' | 'expiresAt'>;

export function newOrder(fields: NewOrder): PaymentOrder {
  return {
    ...fields,
    state: 'created',
    paidAt: null,
    transactionId: null,
    closedAt: null,
    refund: null,
    version: 1,
    audit: [{ at: fields.createdAt, event: 'created', from: null, to: 'created', detail: `${fields.amountFen} fen for booth ${fields.boothId}` }],
  };
}

export type OrderRefusal = 'amount_mismatch' | 'other_transaction' | 'already_paid' | 'not_paid' | 'refund_not_requested' | 'refunded';

export type Transition = { ok: true; order: PaymentOrder; changed: boolean } | { ok: false; reason: OrderRefusal };

/** The out_refund_no of an order: one refund per order, the same on every retry. */
export function outRefundNoFor(orderId: string): string {
  return `${orderId}R`;
}

function change(order: PaymentOrder, event: OrderEvent, to: OrderState, patch: Partial<PaymentOrder>, detail: string): Transition {
  const audit = [...order.audit, { at: event.at, event: event.type, from: order.state, to, detail }];
  return { ok: true, order: { ...order, ...patch, state: to, version: order.version + 1, audit }, changed: true };
}

const unchanged = (order: PaymentOrder): Transition => ({ ok: true, order, changed: false });

/** Applies one event; repeating an event already applied is not an error and changes nothing. */
export function applyOrderEvent(order: PaymentOrder, event: OrderEvent): Transition {
  switch (event.type) {
    case 'paid': {
      if (order.transactionId !== null) return order.transactionId === event.transactionId ? unchanged(order) : { ok: false, reason: 'other_transaction' };
      if (event.paidFen !== order.amountFen) return { ok: false, reason: 'amount_mismatch' };
      // A payment the provider reports after we closed (the close raced the student) is still money
      // taken: the order becomes paid, so it covers the code or is found by the refund sweep.
      const detail = `${event.source} transaction ${event.transactionId}${order.state === 'closed' ? ' (after close)' : ''}`;
      return change(order, event, 'paid', { paidAt: event.at, transactionId: event.transactionId }, detail);
    }
    case 'closed':
      if (order.state === 'closed') return unchanged(order);
      if (order.state !== 'created') return { ok: false, reason: 'already_paid' };
      return change(order, event, 'closed', { closedAt: event.at }, event.reason);
    case 'refund_requested':
      if (order.state === 'refunded') return { ok: false, reason: 'refunded' };
      if (order.state !== 'paid') return { ok: false, reason: 'not_paid' };
      if (order.refund) return unchanged(order);
      return change(order, event, 'paid', { refund: { outRefundNo: outRefundNoFor(order.id), reason: event.reason, requestedAt: event.at, refundId: null, completedAt: null } }, event.reason);
    case 'refunded':
      if (order.state === 'refunded') return unchanged(order);
      if (!order.refund) return { ok: false, reason: 'refund_not_requested' };
      return change(order, event, 'refunded', { refund: { ...order.refund, refundId: event.refundId, completedAt: event.at } }, `refund ${event.refundId}`);
  }
}
