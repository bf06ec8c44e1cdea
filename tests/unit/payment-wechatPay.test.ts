// WeChat Pay v3 Native against a v3 server on loopback with its own platform key (an X.509
// certificate made by openssl) and an APIv3 key made here: request signing, answer verification,
// notifications (signature, AES-256-GCM, replay, re-delivery), query fallback, close and refund retry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import { toFen } from '../../shared/payment/fen.ts';
import { loadWechatPayCredentials, WechatPayConfigSchema, type WechatPayCredentials } from '../../server/src/payment/wechatPayConfig.ts';
import { WechatPayProvider } from '../../server/src/payment/wechatPayProvider.ts';
import { decryptResource } from '../../server/src/payment/wechatPayResource.ts';
import { PaymentOrders } from '../../server/src/payment/paymentOrders.ts';
import { PaymentProviderError } from '../../server/src/payment/paymentProvider.ts';
import { startFakeWechatPay, encryptResource, type FakeWechatPay, type Signer } from './payment-fakeWechatPay.ts';
import { inMemoryOrderStore } from './payment-inMemoryOrderStore.ts';

const MCHID = '1900009191';
const MERCHANT_SERIAL = randomBytes(20).toString('hex').toUpperCase();
const API_V3_KEY = randomBytes(16).toString('hex');
const PRICE = toFen(1500);

const rsaKeyPair = () =>
  new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey }))));

let dir: string;
let fake: FakeWechatPay;
let credentials: WechatPayCredentials;
let notifyServer: Server;
let notifyUrl: string;
let payments: PaymentOrders;
let store: ReturnType<typeof inMemoryOrderStore>;
let logged: { event: string; detail: Record<string, unknown> }[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gb-wechatpay-'));
  const platformSerial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  // the platform certificate as WeChat Pay hands it out: an X.509 certificate whose serial names the key
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'platform-key.pem'), '-out', path.join(dir, 'platform-cert.pem'),
    '-days', '2', '-subj', '/CN=Tenpay.com test platform', '-set_serial', `0x${platformSerial}`], { stdio: 'ignore' });
  const [merchant, stranger] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  writeFileSync(path.join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'apiv3.key'), `${API_V3_KEY}\n`);
  const platform: Signer = { serial: platformSerial, privateKey: createPrivateKey(readFileSync(path.join(dir, 'platform-key.pem'))) };
  const strangerSigner: Signer = { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', privateKey: stranger.privateKey };
  fake = await startFakeWechatPay({ mchid: MCHID, merchantSerial: MERCHANT_SERIAL, merchantPublicKey: merchant.publicKey, platform, stranger: strangerSigner, apiV3Key: API_V3_KEY });

  notifyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void payments.handleNotification({ headers: req.headers, rawBody: Buffer.concat(chunks) }).then((reply) => {
        if (reply.status === 204) res.writeHead(204).end();
        else res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((resolve) => notifyServer.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(notifyServer.address() as AddressInfo).port}/pay/notify/wechat`;

  credentials = loadWechatPayCredentials(WechatPayConfigSchema.parse({
    baseUrl: fake.url,
    mchid: MCHID,
    appid: 'wx8888888888888888',
    notifyUrl,
    merchantSerialNo: MERCHANT_SERIAL,
    merchantPrivateKeyFile: path.join(dir, 'apiclient_key.pem'),
    apiV3KeyFile: path.join(dir, 'apiv3.key'),
    platformKeys: [{ file: path.join(dir, 'platform-cert.pem') }],
  }));
});

afterAll(async () => {
  await fake?.close();
  await new Promise<void>((resolve) => (notifyServer ? notifyServer.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.tamper = 'none';
  store = inMemoryOrderStore();
  logged = [];
  payments = new PaymentOrders({ store, provider: new WechatPayProvider(credentials), description: '学历图像采集', newOrderId: ulid, log: (event, detail) => logged.push({ event, detail }) });
});

async function openOrder(code = `C${ulid()}`) {
  const result = await payments.orderForCode({ boothId: 'booth-1', collectionCode: code, amountFen: PRICE, idempotencyKey: ulid() });
  expect(result.status).toBe('awaiting_payment');
  return result.order;
}

describe('WeChat Pay v3 requests and answers', () => {
  it('the platform certificate is read from its file and keyed by its serial', () => {
    expect([...credentials.platformKeys.keys()]).toEqual(['5157F09EFDC096DE15EBE81A47057A7232F1B8E1']);
    expect(credentials.apiV3Key.length).toBe(32);
  });

  it('a WeChat Pay public key file is accepted under its PUB_KEY_ID serial, and refused without one', async () => {
    const file = path.join(dir, 'pub_key.pem');
    writeFileSync(file, (await rsaKeyPair()).publicKey.export({ type: 'spki', format: 'pem' }));
    const config = (serial?: string) => WechatPayConfigSchema.parse({
      mchid: MCHID, appid: 'wx8888888888888888', notifyUrl, merchantSerialNo: MERCHANT_SERIAL,
      merchantPrivateKeyFile: path.join(dir, 'apiclient_key.pem'), apiV3KeyFile: path.join(dir, 'apiv3.key'),
      platformKeys: [serial ? { file, serial } : { file }],
    });
    const loaded = loadWechatPayCredentials(config('PUB_KEY_ID_0114232134912410000000000000'));
    expect([...loaded.platformKeys.keys()]).toEqual(['PUB_KEY_ID_0114232134912410000000000000']);
    expect(loaded.baseUrl).toBe('https://api.mch.weixin.qq.com');
    expect(() => loadWechatPayCredentials(config())).toThrow(/needs its serial/);
  });

  it('a native order is created by a merchant-signed request and its verified answer gives the code_url', async () => {
    const refusedBefore = fake.refusedSignatures;
    const order = await openOrder();
    expect(order.codeUrl).toBe(`weixin://wxpay/bizpayurl?pr=${order.id}`);
    expect(fake.refusedSignatures).toBe(refusedBefore);
    const sent = fake.orders.get(order.id)?.request as Record<string, unknown>;
    expect(sent).toMatchObject({ mchid: MCHID, out_trade_no: order.id, notify_url: notifyUrl, amount: { total: 1500, currency: 'CNY' } });
    expect(sent.time_expire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  });

  it('a request signed with a key that is not the merchant key is refused by WeChat Pay', async () => {
    const { privateKey } = await rsaKeyPair();
    const impostor = new WechatPayProvider({ ...credentials, merchant: { ...credentials.merchant, privateKey } });
    const refusedBefore = fake.refusedSignatures;
    await expect(impostor.createNativeOrder({ outTradeNo: ulid(), description: 'x', amountFen: PRICE, expiresAt: Date.now() + 60_000 }))
      .rejects.toMatchObject({ code: 'SIGN_ERROR', status: 401 });
    expect(fake.refusedSignatures).toBe(refusedBefore + 1);
  });

  it.each([
    ['body', 'an answer whose body was altered after signing', 'unverified_response_bad_signature'],
    ['serial', 'an answer signed under a serial we do not hold', 'unverified_response_unknown_serial'],
    ['stale', 'an answer signed more than 5 minutes ago', 'unverified_response_stale_timestamp'],
  ] as const)('%s: %s is refused, never trusted', async (tamper, _what, code) => {
    fake.tamper = tamper;
    const error = await payments.orderForCode({ boothId: 'b', collectionCode: `C${ulid()}`, amountFen: PRICE, idempotencyKey: ulid() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect((error as PaymentProviderError).code).toBe(code);
    expect(store.orders.size).toBe(0);
  });

  it('a payment whose notification never arrives is found by the order query', async () => {
    const order = await openOrder();
    fake.pay(order.id);
    const seen = await payments.status(order.id);
    expect(seen).toMatchObject({ state: 'paid', transactionId: fake.orders.get(order.id)?.transaction_id });
    expect(seen?.audit.at(-1)).toMatchObject({ event: 'paid', from: 'created', to: 'paid' });
    expect(seen?.audit.at(-1)?.detail).toMatch(/^query /);
  });

  it('cancel closes the order at WeChat Pay; a cancel that loses the race to the payment leaves the order paid', async () => {
    const unpaid = await openOrder();
    expect(await payments.cancel(unpaid.id)).toMatchObject({ state: 'closed' });
    expect(fake.orders.get(unpaid.id)?.state).toBe('CLOSED');

    const raced = await openOrder();
    fake.pay(raced.id);
    expect(await payments.cancel(raced.id)).toMatchObject({ state: 'paid' });
  });

  it('a refund whose answer was lost is retried with the same out_refund_no and refunds once', async () => {
    const order = await openOrder();
    fake.pay(order.id);
    await payments.status(order.id);
    fake.dropNextRefundAnswer = true;
    await expect(payments.refund(order.id, '14 天内未完成采集')).rejects.toMatchObject({ code: 'network', retryable: true });
    const pending = await store.getOrder(order.id);
    expect(pending).toMatchObject({ state: 'paid', refund: { outRefundNo: `${order.id}R`, completedAt: null } });

    const refunded = await payments.refund(order.id, '14 天内未完成采集');
    expect(refunded.state).toBe('refunded');
    const requests = fake.refundRequests.filter((r) => r.out_trade_no === order.id);
    expect(requests.map((r) => r.out_refund_no)).toEqual([`${order.id}R`, `${order.id}R`]);
    expect([...fake.refunds.values()].filter((r) => r.out_trade_no === order.id)).toHaveLength(1);
    expect(requests[0]).toMatchObject({ amount: { refund: 1500, total: 1500, currency: 'CNY' } });
  });

  it('the refund sweep lists a refund whose answer was lost as pending for staff, and completes it on the next sweep', async () => {
    const order = await openOrder();
    fake.pay(order.id);
    await payments.status(order.id);
    const fifteenDaysLater = new PaymentOrders({ store, provider: new WechatPayProvider(credentials), description: '学历图像采集', newOrderId: ulid, now: () => Date.now() + 15 * 24 * 3600_000 });
    fake.dropNextRefundAnswer = true;
    const first = await fifteenDaysLater.refundSweep(new Set());
    expect(first.refunded).toEqual([]);
    expect(first.pending.map((p) => [p.order.id, p.order.refund?.outRefundNo])).toEqual([[order.id, `${order.id}R`]]);
    expect(first.pending[0]?.lastError).toMatch(/unreachable/);
    const second = await fifteenDaysLater.refundSweep(new Set());
    expect([second.refunded.map((o) => o.id), second.pending]).toEqual([[order.id], []]);
    expect([...fake.refunds.values()].filter((r) => r.out_trade_no === order.id)).toHaveLength(1);
  });
});

describe('WeChat Pay v3 payment notifications', () => {
  it('a notification signed by the platform key with its resource under the APIv3 key marks the order paid', async () => {
    const order = await openOrder();
    const reply = await fake.deliver(notifyUrl, fake.notification(fake.pay(order.id)));
    expect(reply.status).toBe(204);
    const paid = await store.getOrder(order.id);
    expect(paid).toMatchObject({ state: 'paid', transactionId: fake.orders.get(order.id)?.transaction_id });
    expect(paid?.audit.at(-1)?.detail).toMatch(/^notification /);
  });

  it('a notification whose body was altered in transit is refused and changes nothing', async () => {
    const order = await openOrder();
    const notification = fake.notification(fake.pay(order.id));
    const altered = { ...notification, body: notification.body.replace('"summary":"支付成功"', '"summary":"支付成功 "') };
    const reply = await fake.deliver(notifyUrl, altered);
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toEqual({ code: 'FAIL', message: 'bad_signature' });
    expect((await store.getOrder(order.id))?.state).toBe('created');
  });

  it('a notification signed under a serial we do not hold is refused', async () => {
    const order = await openOrder();
    const notification = fake.notification(fake.pay(order.id), { signer: { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', privateKey: (await rsaKeyPair()).privateKey } });
    const reply = await fake.deliver(notifyUrl, notification);
    expect([reply.status, JSON.parse(reply.body).message]).toEqual([401, 'unknown_serial']);
    expect((await store.getOrder(order.id))?.state).toBe('created');
  });

  it('a notification with a timestamp more than 5 minutes old is refused', async () => {
    const order = await openOrder();
    const reply = await fake.deliver(notifyUrl, fake.notification(fake.pay(order.id), { timestampS: Math.floor(Date.now() / 1000) - 301 }));
    expect([reply.status, JSON.parse(reply.body).message]).toEqual([401, 'stale_timestamp']);
    expect((await store.getOrder(order.id))?.state).toBe('created');
  });

  it('a replayed delivery is refused, and a re-delivery of the same notification is acknowledged without a second change', async () => {
    const order = await openOrder();
    const paidAtFake = fake.pay(order.id);
    const id = `EV-${ulid()}`;
    const first = fake.notification(paidAtFake, { id });
    expect((await fake.deliver(notifyUrl, first)).status).toBe(204);
    const replay = await fake.deliver(notifyUrl, first);
    expect([replay.status, JSON.parse(replay.body).message]).toEqual([401, 'replayed']);
    // WeChat Pay re-sends a notification it thinks was not received: newly signed, same id
    expect((await fake.deliver(notifyUrl, fake.notification(paidAtFake, { id }))).status).toBe(204);
    const audit = (await store.getOrder(order.id))?.audit ?? [];
    expect(audit.filter((entry) => entry.event === 'paid')).toHaveLength(1);
  });

  it('a notification for another amount than the order is acknowledged but does not mark the order paid', async () => {
    const order = await openOrder();
    const paidAtFake = fake.pay(order.id);
    const reply = await fake.deliver(notifyUrl, fake.notification({ ...paidAtFake, total: 1 }));
    expect(reply.status).toBe(204);
    expect((await store.getOrder(order.id))?.state).toBe('created');
    expect(logged).toContainEqual(expect.objectContaining({ event: 'payment.event_refused', detail: expect.objectContaining({ reason: 'amount_mismatch' }) }));
  });

  it('the resource decrypts with the published AEAD_AES_256_GCM parameters, and fails on any altered part', () => {
    const plaintext = JSON.stringify({ out_trade_no: 'X1', trade_state: 'SUCCESS', amount: { total: 1500 } });
    const resource = encryptResource(API_V3_KEY, plaintext, 'transaction');
    const key = Buffer.from(API_V3_KEY, 'utf8');
    expect(decryptResource(resource, key)?.toString('utf8')).toBe(plaintext);
    const sealed = Buffer.from(resource.ciphertext, 'base64');
    sealed[3] = (sealed[3] as number) ^ 1;
    expect(decryptResource({ ...resource, ciphertext: sealed.toString('base64') }, key)).toBeNull();
    expect(decryptResource({ ...resource, associated_data: 'refund' }, key)).toBeNull();
    expect(decryptResource({ ...resource, nonce: 'ffffffffffff' }, key)).toBeNull();
    expect(decryptResource(resource, Buffer.from(randomBytes(16).toString('hex')))).toBeNull();
  });
});
