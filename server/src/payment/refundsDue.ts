// Which paid orders the service should refund on its own: the student paid but the code never got an
// accepted photo within the period (default 14 days), or the code was paid twice (two sessions raced).
import type { PaymentOrder } from './paymentOrder.ts';

export const DEFAULT_REFUND_AFTER_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RefundReason = 'no_accepted_photo' | 'duplicate_payment';

export interface RefundDue {
  order: PaymentOrder;
  reason: RefundReason;
}

/**
 * Pure. `acceptedCodes`: the collection codes that have an accepted photo. Orders with a refund
 * already requested are left to the refund retry, not selected again.
 */
export function refundsDue(paid: readonly PaymentOrder[], acceptedCodes: ReadonlySet<string>, now: number, days = DEFAULT_REFUND_AFTER_DAYS): RefundDue[] {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`the refund period must be a whole number of days ≥ 1, got ${days}`);
  const byCode = new Map<string, PaymentOrder[]>();
  for (const order of paid) {
    if (order.state !== 'paid' || order.paidAt === null) continue;
    byCode.set(order.collectionCode, [...(byCode.get(order.collectionCode) ?? []), order]);
  }
  const due: RefundDue[] = [];
  for (const [code, orders] of byCode) {
    // the earliest payment covers the code; any later one was a second charge for the same thing
    const [first, ...later] = [...orders].sort((a, b) => (a.paidAt as number) - (b.paidAt as number));
    for (const order of later) if (!order.refund) due.push({ order, reason: 'duplicate_payment' });
    if (first && !first.refund && !acceptedCodes.has(code) && now - (first.paidAt as number) >= days * DAY_MS) {
      due.push({ order: first, reason: 'no_accepted_photo' });
    }
  }
  return due;
}
