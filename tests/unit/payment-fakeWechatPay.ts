// Test helper: a WeChat Pay API v3 server on 127.0.0.1 with its own platform RSA key, built to the
// published protocol: it verifies the merchant's Authorization signature on every request, keeps
// orders and refunds, signs every answer, and builds payment notifications (AES-256-GCM resource
// under the APIv3 key, platform signature) that it POSTs to a notify URL like WeChat Pay does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createCipheriv, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeOrder {
  out_trade_no: string;
  total: number;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transaction_id: string | null;
  success_time: string | null;
  /** the native order request exactly as received */
  request: Record<string, unknown>;
}

export interface Signer {
  serial: string;
  privateKey: KeyObject;
}

/** How the next answers are spoiled, to prove the client refuses them. */
export type Tamper = 'none' | 'body' | 'serial' | 'stale';

export interface FakeWechatPayOptions {
  mchid: string;
  merchantSerial: string;
  merchantPublicKey: KeyObject;
  platform: Signer;
  /** a key the client does not know, for the wrong-serial case */
  stranger: Signer;
  apiV3Key: string;
}

export interface FakeWechatPay {
  url: string;
  orders: Map<string, FakeOrder>;
  refunds: Map<string, Record<string, unknown>>;
  /** every refund request body, in order (to see retries) */
  refundRequests: Record<string, unknown>[];
  /** requests refused because the merchant signature did not verify */
  refusedSignatures: number;
  tamper: Tamper;
  /** record the next refund, then cut the connection before answering */
  dropNextRefundAnswer: boolean;
  /** the student pays on the phone */
  pay(outTradeNo: string): FakeOrder;
  notification(order: FakeOrder, options?: { signer?: Signer; timestampS?: number; id?: string }): { headers: Record<string, string>; body: string };
  deliver(notifyUrl: string, notification: { headers: Record<string, string>; body: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export function signPlatform(signer: Signer, timestampS: number, nonce: string, body: string): Record<string, string> {
  const signature = createSign('RSA-SHA256').update(`${timestampS}\n${nonce}\n${body}\n`).sign(signer.privateKey, 'base64');
  return { 'Wechatpay-Timestamp': String(timestampS), 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': signer.serial };
}

/** The published AEAD_AES_256_GCM resource encryption: key = APIv3 key, 12-char nonce, tag appended. */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string): { algorithm: string; ciphertext: string; nonce: string; associated_data: string } {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), nonce, associated_data: associatedData };
}

const AUTH = /^WECHATPAY2-SHA256-RSA2048 mchid="([^"]*)",nonce_str="([^"]*)",signature="([^"]*)",timestamp="(\d+)",serial_no="([^"]*)"$/;

export async function startFakeWechatPay(options: FakeWechatPayOptions): Promise<FakeWechatPay> {
  // url and close are filled in once the server listens
  const fake: FakeWechatPay = {
    url: '',
    close: async () => undefined,
    orders: new Map(),
    refunds: new Map(),
    refundRequests: [],
    refusedSignatures: 0,
    tamper: 'none',
    dropNextRefundAnswer: false,
    pay(outTradeNo) {
      const order = fake.orders.get(outTradeNo);
      if (!order || order.state !== 'NOTPAY') throw new Error(`cannot pay ${outTradeNo}`);
      order.state = 'SUCCESS';
      order.transaction_id = `42000${Date.now()}${randomBytes(3).toString('hex')}`;
      order.success_time = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
      return order;
    },
    notification(order, opts = {}) {
      const resource = encryptResource(options.apiV3Key, JSON.stringify(transactionBody(order)), 'transaction');
      const body = JSON.stringify({
        id: opts.id ?? `EV-${randomBytes(8).toString('hex')}`,
        create_time: new Date().toISOString(),
        resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        resource: { original_type: 'transaction', ...resource },
      });
      const headers = signPlatform(opts.signer ?? options.platform, opts.timestampS ?? Math.floor(Date.now() / 1000), randomBytes(16).toString('hex'), body);
      return { headers: { ...headers, 'Content-Type': 'application/json' }, body };
    },
    async deliver(notifyUrl, notification) {
      const response = await fetch(notifyUrl, { method: 'POST', headers: notification.headers, body: notification.body });
      return { status: response.status, body: await response.text() };
    },
  };

  function transactionBody(order: FakeOrder): Record<string, unknown> {
    return {
      mchid: options.mchid,
      appid: order.request.appid,
      out_trade_no: order.out_trade_no,
      ...(order.transaction_id ? { transaction_id: order.transaction_id, success_time: order.success_time, bank_type: 'OTHERS' } : {}),
      trade_type: 'NATIVE',
      trade_state: order.state,
      trade_state_desc: order.state,
      amount: { total: order.total, currency: 'CNY', ...(order.transaction_id ? { payer_total: order.total, payer_currency: 'CNY' } : {}) },
    };
  }

  function answer(res: ServerResponse, status: number, json: unknown): void {
    let body = json === null ? '' : JSON.stringify(json);
    const signer = fake.tamper === 'serial' ? options.stranger : options.platform;
    const timestamp = Math.floor(Date.now() / 1000) - (fake.tamper === 'stale' ? 6 * 60 : 0);
    const headers = signPlatform(signer, timestamp, randomBytes(16).toString('hex'), body);
    if (fake.tamper === 'body') body = body.replace(/"code_url":"[^"]*"/, '"code_url":"weixin://wxpay/bizpayurl?pr=attacker"');
    res.writeHead(status, { ...headers, 'Request-ID': randomBytes(8).toString('hex'), ...(body ? { 'Content-Type': 'application/json' } : {}) });
    res.end(body);
  }

  function merchantSignatureValid(req: IncomingMessage, body: string): boolean {
    const match = AUTH.exec(req.headers.authorization ?? '');
    if (!match) return false;
    const [, mchid, nonce, signature, timestamp, serial] = match as unknown as string[];
    if (mchid !== options.mchid || serial !== options.merchantSerial) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const message = `${req.method}\n${req.url}\n${timestamp}\n${nonce}\n${body}\n`;
    return createVerify('RSA-SHA256').update(message).verify(options.merchantPublicKey, signature as string, 'base64');
  }

  function route(req: IncomingMessage, res: ServerResponse, body: string): void {
    if (!merchantSignatureValid(req, body)) {
      fake.refusedSignatures += 1;
      return answer(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const json = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const outTradeNo = json.out_trade_no as string;
      const amount = json.amount as { total: number };
      if (!Number.isInteger(amount.total)) return answer(res, 400, { code: 'PARAM_ERROR', message: 'amount.total must be an integer' });
      if (!fake.orders.has(outTradeNo)) fake.orders.set(outTradeNo, { out_trade_no: outTradeNo, total: amount.total, state: 'NOTPAY', transaction_id: null, success_time: null, request: json });
      return answer(res, 200, { code_url: `weixin://wxpay/bizpayurl?pr=${outTradeNo}` });
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && query) {
      const order = fake.orders.get(decodeURIComponent(query[1] as string));
      if (!order || url.searchParams.get('mchid') !== options.mchid) return answer(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return answer(res, 200, transactionBody(order));
    }
    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname);
    if (req.method === 'POST' && close) {
      const order = fake.orders.get(decodeURIComponent(close[1] as string));
      if (!order) return answer(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      if (order.state === 'SUCCESS' || order.state === 'REFUND') return answer(res, 400, { code: 'ORDERPAID', message: '订单已支付' });
      order.state = 'CLOSED';
      return answer(res, 204, null);
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      fake.refundRequests.push(json);
      const outRefundNo = json.out_refund_no as string;
      let refund = fake.refunds.get(outRefundNo);
      if (!refund) {
        const order = fake.orders.get(json.out_trade_no as string);
        const amount = json.amount as { refund: number; total: number };
        if (!order || order.state !== 'SUCCESS') return answer(res, 400, { code: 'INVALID_REQUEST', message: '订单状态不正确' });
        if (amount.total !== order.total || amount.refund > order.total) return answer(res, 400, { code: 'PARAM_ERROR', message: '金额不正确' });
        order.state = 'REFUND';
        refund = { refund_id: `50000${randomBytes(6).toString('hex')}`, out_refund_no: outRefundNo, transaction_id: order.transaction_id, out_trade_no: order.out_trade_no, channel: 'ORIGINAL', user_received_account: '支付用户零钱', status: 'SUCCESS', create_time: new Date().toISOString(), amount: { total: order.total, refund: amount.refund, payer_total: order.total, payer_refund: amount.refund, currency: 'CNY' } };
        fake.refunds.set(outRefundNo, refund);
      }
      if (fake.dropNextRefundAnswer) {
        fake.dropNextRefundAnswer = false;
        req.socket.destroy();
        return;
      }
      return answer(res, 200, refund);
    }
    answer(res, 404, { code: 'NOT_FOUND', message: 'no such endpoint' });
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return fake;
}
