// The review service configured for WeChat Pay v3 (PAYMENT_PROVIDER=wechat, merchant files named by
// WECHATPAY_CONFIG), against a local WeChat Pay v3 server on loopback with its own platform key and
// APIv3 key made for the test: a booth's order becomes a merchant-signed native order whose code_url
// the booth shows; the platform-signed, AES-GCM-encrypted notification POSTed to the service's own
// /pay/notify/wechat marks it paid; tampered, wrong-serial, stale and replayed deliveries are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ulid } from 'ulid';
import { makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin, type TestBooth } from './server-harness.ts';
import { quietLog } from './fixtures/boothStoreSetup.ts';
import { startFakeWechatPay, type FakeWechatPay, type Signer } from '../unit/payment-fakeWechatPay.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import { loadCredentials } from '../../electron/booth/sync/boothCredentials.ts';
import { SignedClient } from '../../electron/booth/sync/signedClient.ts';
import { cancelOrder, createOrder, fetchOrder } from '../../electron/booth/payment/paymentClient.ts';
import { collectionCodeKey } from '../../shared/payment/collectionCodeKey.ts';
import { closeDatabase, openDatabase } from '../../server/src/db/database.ts';

const ADMIN_PASSWORD = 'wechat admin password';
const MCHID = '1900009191';
const MERCHANT_SERIAL = randomBytes(20).toString('hex').toUpperCase();
const PLATFORM_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = randomBytes(16).toString('hex');
const FEE = 1500;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the review service with the WeChat Pay v3 provider', () => {
  let dir = '';
  let fake: FakeWechatPay;
  let service: ServiceProcess;
  let booth: TestBooth;
  let client: SignedClient;
  let notifyUrl = '';

  beforeAll(async () => {
    dir = await makeTempDir('review-wechat');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'platform-key.pem'), '-out', path.join(dir, 'platform-cert.pem'),
      '-days', '2', '-subj', '/CN=Tenpay.com test platform', '-set_serial', `0x${PLATFORM_SERIAL}`], { stdio: 'ignore' });
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path.join(dir, 'apiclient_key.pem'), merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(path.join(dir, 'apiv3.key'), `${API_V3_KEY}\n`);
    const platform: Signer = { serial: PLATFORM_SERIAL, privateKey: createPrivateKey(readFileSync(path.join(dir, 'platform-key.pem'))) };
    fake = await startFakeWechatPay({ mchid: MCHID, merchantSerial: MERCHANT_SERIAL, merchantPublicKey: merchant.publicKey, platform, stranger: { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', privateKey: stranger.privateKey }, apiV3Key: API_V3_KEY });

    const port = await freePort();
    notifyUrl = `http://127.0.0.1:${port}/pay/notify/wechat`;
    writeFileSync(path.join(dir, 'wechatpay.json'), JSON.stringify({
      baseUrl: fake.url, mchid: MCHID, appid: 'wx8888888888888888', notifyUrl, merchantSerialNo: MERCHANT_SERIAL,
      merchantPrivateKeyFile: path.join(dir, 'apiclient_key.pem'), apiV3KeyFile: path.join(dir, 'apiv3.key'), platformKeys: [{ file: path.join(dir, 'platform-cert.pem') }],
    }));
    const env = { DATA_DIR: path.join(dir, 'data'), PAYMENT_PROVIDER: 'wechat', WECHATPAY_CONFIG: path.join(dir, 'wechatpay.json'), PORT: String(port) };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
    service = new ServiceProcess(env);
    await service.start();
    const admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    const { code } = (await (await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'wechat booth', school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'online' }) })).json()) as { code: string };
    booth = await openBooth();
    await booth.sync.enroll(service.url, code, 'wechat booth');
    const dataKey = await keyFileProvider({ path: path.join(booth.dir, 'key', 'booth.key'), log: quietLog }).loadKey();
    const c = loadCredentials(booth.store, dataKey)!;
    client = new SignedClient({ baseUrl: c.serviceUrl, boothId: c.boothId, privateKey: c.privateKey });
  });

  afterAll(async () => {
    await booth?.close();
    await service?.stop();
    await fake?.close();
    if (dir) await removeDir(dir);
  });

  const newOrder = async () => {
    const codeKey = await collectionCodeKey(`SIM1${ulid()}`);
    return { ...(await createOrder(client, { codeKey, amountFen: FEE, idempotencyKey: ulid() })), codeKey };
  };

  it('a booth order is a merchant-signed native order at WeChat Pay; its code_url is the QR the booth shows', async () => {
    const order = await newOrder();
    expect(order.codeUrl).toBe(`weixin://wxpay/bizpayurl?pr=${order.orderId}`);
    expect(fake.refusedSignatures).toBe(0);
    expect(fake.orders.get(order.orderId)?.request).toMatchObject({ mchid: MCHID, out_trade_no: order.orderId, notify_url: notifyUrl, amount: { total: FEE, currency: 'CNY' } });
  });

  it('the notification POSTed to the service is verified on its raw body, decrypted, and marks the order paid once; a replay is refused', async () => {
    const order = await newOrder();
    const notification = fake.notification(fake.pay(order.orderId));
    const started = Date.now();
    const first = await fake.deliver(notifyUrl, notification);
    expect(first.status).toBe(204);
    // WeChat Pay waits 5 s for the answer before it counts the delivery as failed
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await fetchOrder(client, order.orderId, order.codeKey)).toMatchObject({ state: 'paid', covers: true });
    const replay = await fake.deliver(notifyUrl, notification);
    expect([replay.status, JSON.parse(replay.body)]).toEqual([401, { code: 'FAIL', message: 'replayed' }]);
    // WeChat Pay re-sending the same event in a new signed delivery is acknowledged, nothing changes twice
    expect((await fake.deliver(notifyUrl, fake.notification(fake.orders.get(order.orderId)!, { id: JSON.parse(notification.body).id }))).status).toBe(204);
  });

  it('tampered, wrong-serial and stale notifications are refused and change nothing; the booth\'s poll then finds the payment by the order query', async () => {
    const order = await newOrder();
    const paid = fake.pay(order.orderId);
    const genuine = fake.notification(paid);
    const tampered = await fake.deliver(notifyUrl, { ...genuine, body: genuine.body.replace('"id":"', '"id":"X') });
    expect([tampered.status, JSON.parse(tampered.body).message]).toEqual([401, 'bad_signature']);
    const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongSerial = await fake.deliver(notifyUrl, fake.notification(paid, { signer: { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', privateKey: strangerKey } }));
    expect([wrongSerial.status, JSON.parse(wrongSerial.body).message]).toEqual([401, 'unknown_serial']);
    const stale = await fake.deliver(notifyUrl, fake.notification(paid, { timestampS: Math.floor(Date.now() / 1000) - 301 }));
    expect([stale.status, JSON.parse(stale.body).message]).toEqual([401, 'stale_timestamp']);
    const stored = await openDatabase({ dataDir: path.join(dir, 'data') });
    const row = await stored.db.selectFrom('payment_orders').select('state').where('id', '=', order.orderId).executeTakeFirstOrThrow();
    await closeDatabase(stored);
    expect(row.state).toBe('created');
    // no notification got through: the booth's poll finds the payment by the order query (at most every 5 s per order)
    const seen = await fetchOrder(client, order.orderId, order.codeKey);
    expect(seen.state).toBe('paid');
  });

  it('cancel at the booth closes the order at WeChat Pay', async () => {
    const order = await newOrder();
    expect(await cancelOrder(client, order.orderId, order.codeKey)).toMatchObject({ state: 'closed', codeUrl: null });
    expect(fake.orders.get(order.orderId)?.state).toBe('CLOSED');
  });
});
