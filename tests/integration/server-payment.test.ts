// Payment at the review service, against the real service process on SQLite and PostgreSQL with real
// enrolled booths: sandbox orders paid on the sandbox page (the notification path), one payment per
// collection code across booths, cancel, voucher batches signed for a booth and checked offline,
// redemptions reconciled at sync, and the automatic refund of a code that never got a photo accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { createPgDatabase, makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin, withServiceDb, type TestBooth } from './server-harness.ts';
import { quietLog } from './fixtures/boothStoreSetup.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import { loadCredentials } from '../../electron/booth/sync/boothCredentials.ts';
import { SignedClient } from '../../electron/booth/sync/signedClient.ts';
import { cancelOrder, createOrder, fetchOrder, fetchPendingRefunds, reportRedemptions } from '../../electron/booth/payment/paymentClient.ts';
import { VoucherLedger } from '../../electron/booth/payment/voucherLedger.ts';
import { syncVouchers } from '../../electron/booth/payment/voucherSyncJob.ts';
import type { OpenDatabase } from '../../server/src/db/database.ts';
import { codeKey } from '../../server/src/submissions/uploadSubmission.ts';
import { collectionCodeKey } from '../../shared/payment/collectionCodeKey.ts';
import { generateVoucherCode } from '../../shared/payment/voucherCode.ts';
import { toFen } from '../../shared/payment/fen.ts';
import { KyselyPaymentStore } from '../../server/src/payment/kyselyPaymentStore.ts';
import { PaymentOrders } from '../../server/src/payment/paymentOrders.ts';
import { SandboxPaymentProvider } from '../../server/src/payment/sandboxProvider.ts';
import { serviceSigner } from '../../server/src/payment/serviceSigningKey.ts';
import { newOrder } from '../../server/src/payment/paymentOrder.ts';
import { pendingRefunds, runRefundSweep } from '../../server/src/payment/refundSweepRun.ts';
import type { PaymentContext } from '../../server/src/payment/paymentContext.ts';

const ADMIN_PASSWORD = 'payment admin password';
const FEE = 1250;
const DAY = 86_400_000;
const dialects = [
  { name: 'SQLite', postgres: false },
  { name: 'PostgreSQL', postgres: true },
] as const;

async function signedClientOf(booth: TestBooth): Promise<SignedClient> {
  const dataKey = await keyFileProvider({ path: path.join(booth.dir, 'key', 'booth.key'), log: quietLog }).loadKey();
  const c = loadCredentials(booth.store, dataKey)!;
  return new SignedClient({ baseUrl: c.serviceUrl, boothId: c.boothId, privateKey: c.privateKey });
}

const randomCodeKey = () => collectionCodeKey(`SIM1${randomBytes(30).toString('base64url')}`);

describe.each(dialects)('payment at the review service on $name', ({ postgres }) => {
  let dataDir = '';
  let pgDb: { url: string; drop(): Promise<void> } | null = null;
  let service: ServiceProcess;
  let admin: Awaited<ReturnType<typeof staffLogin>>;
  const booths: TestBooth[] = [];
  let a: SignedClient;
  let b: SignedClient;

  const enrolled = async (label: string, paymentMode: string): Promise<SignedClient> => {
    const res = await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label, school: '华东示范大学', degreeCategories: ['本科'], paymentMode }) });
    const { code } = (await res.json()) as { code: string };
    const booth = await openBooth();
    booths.push(booth);
    await booth.sync.enroll(service.url, code, label);
    return signedClientOf(booth);
  };

  const serverDb = <T>(fn: (db: OpenDatabase['db']) => Promise<T>): Promise<T> => withServiceDb(pgDb?.url, dataDir, fn);

  beforeAll(async () => {
    dataDir = await makeTempDir('review-payment');
    if (postgres) pgDb = await createPgDatabase();
    const env = { DATA_DIR: dataDir, ...(pgDb ? { DATABASE_URL: pgDb.url } : {}) };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
    // the sandbox runs only when named
    service = new ServiceProcess({ ...env, PAYMENT_PROVIDER: 'sandbox' });
    await service.start();
    admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    a = await enrolled('library booth', 'online');
    b = await enrolled('canteen booth', 'online');
  });

  afterAll(async () => {
    for (const booth of booths) await booth.close();
    await service?.stop();
    await pgDb?.drop();
    await removeDir(dataDir);
  });

  it('the sandbox QR opens a pay page; paying there marks the order paid, and the code is then covered at every booth', async () => {
    const key = await randomCodeKey();
    const order = await createOrder(a, { codeKey: key, amountFen: FEE, idempotencyKey: ulid() });
    expect(order).toMatchObject({ state: 'created', covers: false, amountFen: FEE });
    expect(order.codeUrl).toBe(`${service.url}/pay/sandbox/${order.orderId}`);
    const page = await fetch(order.codeUrl!);
    expect(await page.text()).toContain('¥12.50');
    const pay = await fetch(`${order.codeUrl}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(pay.status).toBe(303);
    expect(await (await fetch(order.codeUrl!)).text()).toContain('支付成功');
    expect(await fetchOrder(a, order.orderId, key)).toMatchObject({ state: 'paid', covers: true, codeUrl: null });
    // the student walks to another booth (or comes back after a rejection): no second charge
    const again = await createOrder(b, { codeKey: key, amountFen: FEE, idempotencyKey: ulid() });
    expect(again).toMatchObject({ orderId: order.orderId, covers: true });
    const audit = await serverDb((db) => db.selectFrom('payment_order_audit').select(['event', 'from_state', 'to_state']).where('order_id', '=', order.orderId).orderBy('seq').execute());
    expect(audit).toEqual([{ event: 'created', from_state: null, to_state: 'created' }, { event: 'paid', from_state: 'created', to_state: 'paid' }]);
  });

  it('a retried create gets the same order; a second session of the code gets the open QR; cancel closes it for good', async () => {
    const key = await randomCodeKey();
    const idempotencyKey = ulid();
    const first = await createOrder(a, { codeKey: key, amountFen: FEE, idempotencyKey });
    expect((await createOrder(a, { codeKey: key, amountFen: FEE, idempotencyKey })).orderId).toBe(first.orderId);
    expect((await createOrder(b, { codeKey: key, amountFen: FEE, idempotencyKey: ulid() })).orderId).toBe(first.orderId);
    expect(await cancelOrder(a, first.orderId, key)).toMatchObject({ state: 'closed', covers: false, codeUrl: null });
    const pay = await fetch(`${first.codeUrl}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(pay.status).toBe(409);
    expect((await fetchOrder(a, first.orderId, key)).state).toBe('closed');
    // the next session of the code gets a fresh QR
    const next = await createOrder(a, { codeKey: key, amountFen: FEE, idempotencyKey: ulid() });
    expect(next.orderId).not.toBe(first.orderId);
    expect(next.state).toBe('created');
  });

  it('a notification that WeChat Pay did not sign is refused without changing anything, and an unsigned order request is refused', async () => {
    const key = await randomCodeKey();
    const order = await createOrder(a, { codeKey: key, amountFen: FEE, idempotencyKey: ulid() });
    const forged = await fetch(`${service.url}/pay/notify/wechat`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'EV-1', event_type: 'TRANSACTION.SUCCESS', resource: { original_type: 'transaction', transaction: { outTradeNo: order.orderId, state: 'paid', transactionId: 'X', paidFen: FEE, paidAt: Date.now() } } }),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ code: 'FAIL', message: 'missing_headers' });
    expect((await fetchOrder(a, order.orderId, key)).state).toBe('created');
    const unsigned = await fetch(`${service.url}/api/v1/payment/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codeKey: await randomCodeKey(), amountFen: FEE, idempotencyKey: ulid() }) });
    expect(unsigned.status).toBe(401);
  });

  it('the OpenAPI document describes the payment routes', async () => {
    const doc = (await (await fetch(`${service.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ['/api/v1/payment/orders', '/api/v1/payment/orders/{id}', '/api/v1/payment/orders/{id}/cancel', '/api/v1/booths/{id}/voucher-batches', '/api/v1/booths/{id}/voucher-redemptions', '/api/v1/booths/{id}/pending-refunds', '/pay/notify/wechat']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });

  it('an amount that is not whole fen is refused', async () => {
    const response = await a.send('POST', '/api/v1/payment/orders', { bytes: Buffer.from(JSON.stringify({ codeKey: await randomCodeKey(), amountFen: 12.5, idempotencyKey: ulid() })), contentType: 'application/json' });
    expect(response.status).toBe(400);
  });

  it('an admin issues a voucher batch for a booth; the booth gets it signed, accepts its vouchers offline once, and refuses unknown ones', async () => {
    const res = await admin('/admin/api/voucher-batches', { method: 'POST', body: JSON.stringify({ boothId: a.boothId, count: 5, valueFen: 3000, validDays: 30 }) });
    expect(res.status).toBe(200);
    const issued = (await res.json()) as { batchId: string; codes: string[] };
    expect(issued.codes).toHaveLength(5);
    const ledger = new VoucherLedger(booths[0]!.store);
    await syncVouchers(ledger, a);
    const stored = JSON.stringify(booths[0]!.store.config.get('payment.voucherBatches', null));
    for (const code of issued.codes) expect(stored).not.toContain(code.replaceAll('-', ''));

    // the service is unreachable from here on: the booth decides alone
    const key = await randomCodeKey();
    const check = await ledger.check(issued.codes[0]!.toLowerCase());
    expect(check).toMatchObject({ ok: true, batchId: issued.batchId, valueFen: 3000 });
    if (!check.ok) return;
    ledger.redeem(check, key);
    expect(ledger.coveringRedemption(key)).toBe(ledger.redemptions()[0]!.redemptionId);
    expect(await ledger.check(issued.codes[0]!)).toMatchObject({ ok: false, reason: 'used' });
    expect(await ledger.check(generateVoucherCode())).toMatchObject({ ok: false, reason: 'unknown' });
    // the other booth's download does not carry this booth's batch
    const otherLedger = new VoucherLedger(booths[1]!.store);
    await syncVouchers(otherLedger, b);
    expect(await otherLedger.check(issued.codes[1]!)).toMatchObject({ ok: false, reason: 'unknown' });

    // back online: the redemption is reported, reconciled and counted on the admin page
    await syncVouchers(ledger, a);
    expect(ledger.redemptions().map((r) => r.verdict)).toEqual(['accepted']);
    const listed = (await (await admin('/admin/api/voucher-batches')).json()) as { batchId: string; redeemed: number; flagged: unknown[] }[];
    expect(listed.find((x) => x.batchId === issued.batchId)).toMatchObject({ redeemed: 1, flagged: [] });
  });

  it('a voucher used twice while offline is flagged at sync, not accepted twice; a re-sent report keeps its verdict', async () => {
    const issued = (await (await admin('/admin/api/voucher-batches', { method: 'POST', body: JSON.stringify({ boothId: a.boothId, count: 2, valueFen: 3000, validDays: 30 }) })).json()) as { batchId: string; codes: string[] };
    const ledger = new VoucherLedger(booths[0]!.store);
    await syncVouchers(ledger, a);
    const check = await ledger.check(issued.codes[0]!);
    if (!check.ok) throw new Error(`voucher refused: ${check.reason}`);
    const first = ledger.redeem(check, await randomCodeKey());
    // the same voucher used again offline (the booth's store restored from a backup taken before the first use)
    const second = { ...first, redemptionId: ulid(), codeKey: await randomCodeKey(), redeemedAt: first.redeemedAt + 60_000 };
    const { verdict: _v, ...firstReport } = first;
    const { verdict: _w, ...secondReport } = second;
    const results = (await reportRedemptions(a, [firstReport, secondReport])).results;
    expect(results.map((r) => r.verdict)).toEqual(['accepted', 'double_use']);
    expect((await reportRedemptions(a, [firstReport, secondReport])).results.map((r) => r.verdict)).toEqual(['already_recorded', 'double_use']);
    const listed = (await (await admin('/admin/api/voucher-batches')).json()) as { batchId: string; redeemed: number; flagged: { redemptionId: string; verdict: string }[] }[];
    expect(listed.find((x) => x.batchId === issued.batchId)).toMatchObject({ redeemed: 1, flagged: [{ redemptionId: second.redemptionId, verdict: 'double_use' }] });
    // a booth cannot report redemptions of a batch that is not its own
    const foreign = (await reportRedemptions(b, [{ ...secondReport, redemptionId: ulid() }])).results;
    expect(foreign.map((r) => r.verdict)).toEqual(['not_in_batch']);
  });

  it('a code paid 15 days ago without an accepted photo is refunded by the sweep and listed until then; a code with an approved photo is not', async () => {
    await serverDb(async (db) => {
      let now = Date.now();
      const store = new KyselyPaymentStore(db);
      const sandbox = new SandboxPaymentProvider(() => service.url);
      const payment: PaymentContext = {
        store, sandbox, provider: sandbox, signer: await serviceSigner(db), refundAfterDays: 14,
        orders: new PaymentOrders({ store, provider: sandbox, description: '学历图像采集', newOrderId: () => ulid(), now: () => now }),
      };
      const unserved = await randomCodeKey();
      const served = codeKey(`SIM1${randomBytes(30).toString('base64url')}`);
      const paidOrder = async (key: string) => {
        const { order } = await payment.orders.orderForCode({ boothId: a.boothId, collectionCode: key, amountFen: toFen(FEE), idempotencyKey: ulid() });
        expect(await payment.orders.handleNotification(sandbox.markPaid(order.id, now))).toEqual({ status: 204 });
        return order.id;
      };
      const refundMe = await paidOrder(unserved);
      const keepMe = await paidOrder(served);
      await db.insertInto('submissions').values({
        id: ulid(), booth_id: a.boothId, code_sha256: served, state: 'approved', degree_category: '本科', school: '华东示范大学', metadata: '{}', metadata_sha256: '0'.repeat(64),
        standardized_sha256: '0'.repeat(64), original_sha256: '0'.repeat(64), status_secret_sha256: '0'.repeat(64), received_at: now, updated_at: now, decided_at: now, decided_by: 'test', reasons: '[]', note: '', batch_id: null,
      }).execute();
      expect((await pendingRefunds(db, payment, a.boothId, now)).map((r) => r.orderId)).not.toContain(refundMe);

      now += 15 * DAY;
      const listed = await pendingRefunds(db, payment, a.boothId, now);
      expect(listed.filter((r) => r.orderId === refundMe || r.orderId === keepMe)).toEqual([
        { orderId: refundMe, boothId: a.boothId, amountFen: FEE, paidAt: expect.any(Number), reason: 'no_accepted_photo', requestedAt: null, lastError: null },
      ]);
      const sweep = await runRefundSweep(db, payment);
      expect(sweep.refunded.map((o) => o.id)).toContain(refundMe);
      expect(sweep.refunded.map((o) => o.id)).not.toContain(keepMe);
      const refunded = await store.getOrder(refundMe);
      expect(refunded?.state).toBe('refunded');
      expect(refunded?.audit.map((e) => e.event)).toEqual(['created', 'paid', 'refund_requested', 'refunded']);
      expect((await store.getOrder(keepMe))?.state).toBe('paid');
      expect((await pendingRefunds(db, payment, a.boothId, now)).map((r) => r.orderId)).not.toContain(refundMe);
    });
  });

  it("the booth's staff screen query lists its payments due for refund", async () => {
    const orderId = ulid();
    await serverDb(async (db) => {
      const paidAt = Date.now() - 20 * DAY;
      const order = newOrder({ id: orderId, provider: 'sandbox', collectionCode: await randomCodeKey(), boothId: b.boothId, amountFen: toFen(FEE), idempotencyKey: ulid(), codeUrl: 'x', createdAt: paidAt, expiresAt: paidAt + 600_000 });
      await new KyselyPaymentStore(db).insertOrder({ ...order, state: 'paid', paidAt, transactionId: 'T-OLD' });
    });
    const refunds = await fetchPendingRefunds(b);
    expect(refunds).toEqual([expect.objectContaining({ orderId, amountFen: FEE, reason: 'no_accepted_photo', requestedAt: null })]);
    expect((await fetchPendingRefunds(a)).map((r) => r.orderId)).not.toContain(orderId);
    const adminList = (await (await admin('/admin/api/payment/pending-refunds')).json()) as { refunds: { orderId: string }[] };
    expect(adminList.refunds.map((r) => r.orderId)).toContain(orderId);
  });

  it('an admin refunds a paid order at once; the code is no longer covered, and a second refund changes nothing', async () => {
    const key = await randomCodeKey();
    const order = await createOrder(a, { codeKey: key, amountFen: FEE, idempotencyKey: ulid() });
    await fetch(`${order.codeUrl}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    const refund = () => admin(`/admin/api/payment/orders/${order.orderId}/refund`, { method: 'POST', body: '{}' });
    expect(await (await refund()).json()).toEqual({ orderId: order.orderId, state: 'refunded' });
    expect(await (await refund()).json()).toEqual({ orderId: order.orderId, state: 'refunded' });
    expect(await fetchOrder(a, order.orderId, key)).toMatchObject({ state: 'refunded', covers: false });
    const unpaid = await createOrder(a, { codeKey: await randomCodeKey(), amountFen: FEE, idempotencyKey: ulid() });
    expect((await admin(`/admin/api/payment/orders/${unpaid.orderId}/refund`, { method: 'POST', body: '{}' })).status).toBe(409);
    const audit = await serverDb((db) => db.selectFrom('payment_order_audit').select('event').where('order_id', '=', order.orderId).orderBy('seq').execute());
    expect(audit.map((e) => e.event)).toEqual(['created', 'paid', 'refund_requested', 'refunded']);
  });
});
