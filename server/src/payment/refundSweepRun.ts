// The automatic refund job and the staff screen's list: payments whose code never got an accepted
// photo within the period (or a code paid twice) are refunded; those under way or failing are listed.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PendingRefund } from '../../../shared/sync/protocol.ts';
import { refundsDue } from './refundsDue.ts';
import type { PaymentContext } from './paymentContext.ts';
import type { PaymentOrder } from './paymentOrder.ts';
import type { RefundSweep } from './paymentOrders.ts';

/** a code counts as served once a reviewer approved its photo (or it went on to 学信网) */
const ACCEPTED_STATES = ['approved', 'transmitting', 'done'] as const;

async function acceptedCodes(db: Kysely<Database>, paid: readonly PaymentOrder[]): Promise<Set<string>> {
  const keys = [...new Set(paid.map((o) => o.collectionCode))];
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('submissions').select('code_sha256').where('code_sha256', 'in', keys).where('state', 'in', [...ACCEPTED_STATES]).execute();
  return new Set(rows.map((r) => r.code_sha256));
}

export async function runRefundSweep(db: Kysely<Database>, payment: PaymentContext): Promise<RefundSweep> {
  const paid = await payment.store.paidOrders();
  const sweep = await payment.orders.refundSweep(await acceptedCodes(db, paid), payment.refundAfterDays);
  for (const { order, lastError } of sweep.pending) await payment.store.noteRefundError(order.id, lastError);
  for (const order of sweep.refunded) await payment.store.noteRefundError(order.id, null);
  return sweep;
}

/**
 * Refunds requested and not yet complete, and refunds the next sweep will request, oldest first.
 * `boothId`: only that booth's (the booth's staff screen); undefined: all (the admin page).
 */
export async function pendingRefunds(db: Kysely<Database>, payment: PaymentContext, boothId?: string, now = Date.now()): Promise<PendingRefund[]> {
  const paid = (await payment.store.paidOrders()).filter((o) => boothId === undefined || o.boothId === boothId);
  const due = new Map(refundsDue(paid, await acceptedCodes(db, paid), now, payment.refundAfterDays).map((d) => [d.order.id, d.reason]));
  const errors = new Map((paid.length === 0 ? [] : await db.selectFrom('payment_orders').select(['id', 'refund_error']).where('id', 'in', paid.map((o) => o.id)).execute())
    .map((r) => [r.id, r.refund_error]));
  return paid
    .filter((o) => o.refund !== null || due.has(o.id))
    .map((o): PendingRefund => ({
      orderId: o.id,
      boothId: o.boothId,
      amountFen: o.amountFen,
      paidAt: o.paidAt ?? o.createdAt,
      reason: reasonOf(o.refund?.reason ?? due.get(o.id)),
      requestedAt: o.refund?.requestedAt ?? null,
      lastError: errors.get(o.id) ?? null,
    }));
}

function reasonOf(reason: string | undefined): PendingRefund['reason'] {
  return reason === 'no_accepted_photo' || reason === 'duplicate_payment' ? reason : 'manual';
}
