// Orders for a collection code with the sandbox provider (the default): one payment covers every
// later session of the code, the sandbox page's payment arrives as a verified notification, the order
// state machine with its audit trail, and which payments are refunded automatically.
import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { toFen, formatYuan, type Fen } from '../../shared/payment/fen.ts';
import { PaymentOrders } from '../../server/src/payment/paymentOrders.ts';
import { SandboxPaymentProvider } from '../../server/src/payment/sandboxProvider.ts';
import { sandboxPayPage } from '../../server/src/payment/sandboxPayPage.ts';
import { applyOrderEvent, newOrder, type OrderEvent, type PaymentOrder } from '../../server/src/payment/paymentOrder.ts';
import { refundsDue } from '../../server/src/payment/refundsDue.ts';
import { inMemoryOrderStore } from './payment-inMemoryOrderStore.ts';
import { collectionCodeKey } from '../../shared/payment/collectionCodeKey.ts';
import { codeKey } from '../../server/src/submissions/uploadSubmission.ts';

const PRICE = toFen(1250);
const DAY = 24 * 60 * 60 * 1000;

function sandboxSetup(now = () => Date.now()) {
  const store = inMemoryOrderStore();
  const sandbox = new SandboxPaymentProvider(() => 'http://127.0.0.1:8787/');
  const payments = new PaymentOrders({ store, provider: sandbox, description: '学历图像采集', newOrderId: ulid, now });
  const ask = (collectionCode: string, boothId = 'booth-1', idempotencyKey = ulid()) => payments.orderForCode({ boothId, collectionCode, amountFen: PRICE, idempotencyKey });
  return { store, sandbox, payments, ask };
}

describe('payment belongs to the collection code', () => {
  it('the key the booth names a code by is the key the service files its submissions under', async () => {
    for (const code of ['SIM1abc-_XYZ0123456789', '4403 2024 学信网 码']) expect(await collectionCodeKey(code)).toBe(codeKey(code));
  });

  it('the sandbox QR opens the service pay page, and paying there marks the order paid through the notification path', async () => {
    const { sandbox, payments, ask } = sandboxSetup();
    const { order } = await ask('CODE-A');
    expect(order.codeUrl).toBe(`http://127.0.0.1:8787/pay/sandbox/${order.id}`);
    expect(sandboxPayPage(sandbox.order(order.id))).toContain('¥12.50');
    expect(await payments.handleNotification(sandbox.markPaid(order.id))).toEqual({ status: 204 });
    expect((await payments.status(order.id))?.state).toBe('paid');
    expect(sandboxPayPage(sandbox.order(order.id))).toContain('支付成功');
  });

  it('a forged sandbox notification is refused', async () => {
    const { sandbox, payments, store, ask } = sandboxSetup();
    const { order: victim } = await ask('CODE-V');
    const { order: paid } = await ask('CODE-P');
    const genuine = sandbox.markPaid(paid.id);
    const forged = { ...genuine, rawBody: Buffer.from(genuine.rawBody.toString('utf8').replaceAll(paid.id, victim.id)) };
    expect(await payments.handleNotification(forged)).toEqual({ status: 401, body: { code: 'FAIL', message: 'bad_signature' } });
    expect((await store.getOrder(victim.id))?.state).toBe('created');
  });

  it('two service nodes handling re-deliveries of one payment at once record it once', async () => {
    const { store, sandbox, ask } = sandboxSetup();
    const { order } = await ask('CODE-N');
    const node = () => new PaymentOrders({ store, provider: sandbox, description: '学历图像采集', newOrderId: ulid });
    const replies = await Promise.all([node().handleNotification(sandbox.markPaid(order.id)), node().handleNotification(sandbox.markPaid(order.id))]);
    expect(replies).toEqual([{ status: 204 }, { status: 204 }]);
    const stored = await store.getOrder(order.id);
    expect(stored?.audit.filter((a) => a.event === 'paid')).toHaveLength(1);
    expect(stored?.version).toBe(2);
  });

  it('a student who comes back to another booth after paying is not charged again', async () => {
    const { sandbox, payments, ask } = sandboxSetup();
    const first = await ask('CODE-B', 'booth-1');
    await payments.handleNotification(sandbox.markPaid(first.order.id));
    const again = await ask('CODE-B', 'booth-2');
    expect(again).toMatchObject({ status: 'paid', order: { id: first.order.id } });
    expect((await payments.coveringOrder('CODE-B'))?.id).toBe(first.order.id);
  });

  it('a second session of a code with an unpaid QR open gets that same QR, not a second order', async () => {
    const { store, ask } = sandboxSetup();
    const first = await ask('CODE-C', 'booth-1');
    const second = await ask('CODE-C', 'booth-2');
    expect(second).toMatchObject({ status: 'awaiting_payment', order: { id: first.order.id, codeUrl: first.order.codeUrl } });
    expect(store.orders.size).toBe(1);
  });

  it('a create retried with the same idempotency key returns the same order', async () => {
    const { store, ask } = sandboxSetup();
    const key = ulid();
    const first = await ask('CODE-D', 'booth-1', key);
    const retry = await ask('CODE-D', 'booth-1', key);
    expect(retry.order.id).toBe(first.order.id);
    expect(store.orders.size).toBe(1);
  });

  it('an expired unpaid order is closed when the booth polls, and the code then gets a new QR', async () => {
    let clock = Date.now();
    const { payments, ask } = sandboxSetup(() => clock);
    const { order } = await ask('CODE-E');
    clock += 11 * 60 * 1000;
    expect((await payments.status(order.id))?.state).toBe('closed');
    const next = await ask('CODE-E');
    expect(next.status).toBe('awaiting_payment');
    expect(next.order.id).not.toBe(order.id);
  });

  it('after a refund the code is no longer covered', async () => {
    const { sandbox, payments, ask } = sandboxSetup();
    const { order } = await ask('CODE-F');
    await payments.handleNotification(sandbox.markPaid(order.id));
    expect((await payments.refund(order.id, 'abandoned')).state).toBe('refunded');
    expect(await payments.coveringOrder('CODE-F')).toBeNull();
    expect((await ask('CODE-F')).status).toBe('awaiting_payment');
  });
});

function order(overrides: Partial<PaymentOrder> = {}): PaymentOrder {
  return { ...newOrder({ id: ulid(), provider: 'sandbox', collectionCode: 'CODE', boothId: 'booth-1', amountFen: PRICE, idempotencyKey: ulid(), codeUrl: 'x', createdAt: 1_000, expiresAt: 601_000 }), ...overrides };
}

function run(start: PaymentOrder, events: OrderEvent[]): PaymentOrder {
  return events.reduce((current, event) => {
    const step = applyOrderEvent(current, event);
    if (!step.ok) throw new Error(`${event.type} refused: ${step.reason}`);
    return step.order;
  }, start);
}

const paid = (at: number, transactionId = 'T1', paidFen: Fen = PRICE): OrderEvent => ({ type: 'paid', at, transactionId, paidFen, source: 'notification' });

describe('order state machine', () => {
  it('created → paid → refunded, with every change in the audit trail', () => {
    const done = run(order(), [paid(2_000), { type: 'refund_requested', at: 3_000, reason: 'no photo in 14 days' }, { type: 'refunded', at: 4_000, refundId: 'R1' }]);
    expect(done).toMatchObject({ state: 'refunded', paidAt: 2_000, transactionId: 'T1', refund: { outRefundNo: `${done.id}R`, refundId: 'R1', completedAt: 4_000 } });
    expect(done.audit.map((a) => [a.event, a.from, a.to])).toEqual([
      ['created', null, 'created'], ['paid', 'created', 'paid'], ['refund_requested', 'paid', 'paid'], ['refunded', 'paid', 'refunded'],
    ]);
    expect(done.version).toBe(4);
  });

  it('the same payment reported twice changes nothing the second time; another transaction for it is refused', () => {
    const once = run(order(), [paid(2_000)]);
    expect(applyOrderEvent(once, paid(2_500))).toEqual({ ok: true, order: once, changed: false });
    expect(applyOrderEvent(once, paid(2_500, 'T2'))).toEqual({ ok: false, reason: 'other_transaction' });
  });

  it('a payment of another amount than the order is refused', () => {
    expect(applyOrderEvent(order(), paid(2_000, 'T1', toFen(1249)))).toEqual({ ok: false, reason: 'amount_mismatch' });
  });

  it('a paid order cannot be closed, an unpaid one cannot be refunded, and a payment after close still counts', () => {
    expect(applyOrderEvent(run(order(), [paid(2_000)]), { type: 'closed', at: 3_000, reason: 'cancelled' })).toEqual({ ok: false, reason: 'already_paid' });
    expect(applyOrderEvent(order(), { type: 'refund_requested', at: 3_000, reason: 'x' })).toEqual({ ok: false, reason: 'not_paid' });
    const late = run(order(), [{ type: 'closed', at: 2_000, reason: 'cancelled' }, paid(2_100)]);
    expect(late.state).toBe('paid');
    expect(late.audit.at(-1)?.detail).toContain('after close');
  });

  it('amounts are whole fen: fractions, negatives and strings are refused', () => {
    expect(toFen(0)).toBe(0);
    expect(formatYuan(toFen(100_005))).toBe('¥1000.05');
    for (const bad of [12.5, -1, Number.NaN, '1250', 2 ** 53]) expect(() => toFen(bad)).toThrow(RangeError);
  });
});

describe('refunds due', () => {
  const now = 100 * DAY;
  const paidOrder = (code: string, paidAt: number) => run(order({ collectionCode: code }), [paid(paidAt, `T-${code}-${paidAt}`)]);

  it('a paid code with no accepted photo after 14 days is due; one with an accepted photo or paid recently is not', () => {
    const stale = paidOrder('STALE', now - 14 * DAY);
    const accepted = paidOrder('ACCEPTED', now - 30 * DAY);
    const recent = paidOrder('RECENT', now - 13 * DAY);
    const due = refundsDue([stale, accepted, recent], new Set(['ACCEPTED']), now);
    expect(due.map((d) => [d.order.collectionCode, d.reason])).toEqual([['STALE', 'no_accepted_photo']]);
    expect(refundsDue([recent], new Set(), now, 7).map((d) => d.order.collectionCode)).toEqual(['RECENT']);
  });

  it('the later of two payments for one code is refunded as a duplicate, the first keeps covering it', () => {
    const first = paidOrder('TWICE', now - DAY);
    const second = paidOrder('TWICE', now - DAY + 5_000);
    expect(refundsDue([second, first], new Set(), now)).toEqual([{ order: second, reason: 'duplicate_payment' }]);
  });

  it('the sweep refunds what is due through the provider and reports it', async () => {
    let clock = Date.now();
    const { sandbox, payments, ask } = sandboxSetup(() => clock);
    const abandoned = (await ask('CODE-G')).order;
    const finished = (await ask('CODE-H')).order;
    for (const o of [abandoned, finished]) await payments.handleNotification(sandbox.markPaid(o.id, clock));
    clock += 15 * DAY;
    const sweep = await payments.refundSweep(new Set(['CODE-H']));
    expect(sweep.refunded.map((o) => o.id)).toEqual([abandoned.id]);
    expect(sweep.pending).toEqual([]);
    expect((await payments.coveringOrder('CODE-H'))?.id).toBe(finished.id);
  });
});
