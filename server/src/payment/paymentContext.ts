// Payment as the service runs it, built from the environment: the provider (the sandbox by default,
// WeChat Pay v3 with PAYMENT_PROVIDER=wechat and its merchant files named by WECHATPAY_CONFIG), the
// orders over the database, the voucher signing key, and the automatic refund period.
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { ulid } from 'ulid';
import type { Database } from '../db/schema.ts';
import { PaymentOrders } from './paymentOrders.ts';
import type { PaymentProvider } from './paymentProvider.ts';
import { KyselyPaymentStore } from './kyselyPaymentStore.ts';
import { SandboxPaymentProvider } from './sandboxProvider.ts';
import { WechatPayProvider } from './wechatPayProvider.ts';
import { loadWechatPayCredentials, WechatPayConfigSchema } from './wechatPayConfig.ts';
import { serviceSigner, type ServiceSigner } from './serviceSigningKey.ts';
import { DEFAULT_REFUND_AFTER_DAYS } from './refundsDue.ts';

export interface PaymentEnv {
  /** 'sandbox' (default) or 'wechat' */
  PAYMENT_PROVIDER?: string;
  /** JSON file with the WeChat Pay merchant config (wechatPayConfig.ts); its key files live outside the repository */
  WECHATPAY_CONFIG?: string;
  /** the address phones and booths reach the service at (the sandbox QR points there) */
  PUBLIC_URL?: string;
  /** a payment whose code has no accepted photo after this many days is refunded (default 14) */
  REFUND_AFTER_DAYS?: string;
}

export interface PaymentContext {
  orders: PaymentOrders;
  store: KyselyPaymentStore;
  provider: PaymentProvider;
  /** the sandbox, when it is the provider: its pay page needs it */
  sandbox: SandboxPaymentProvider | null;
  signer: ServiceSigner;
  refundAfterDays: number;
}

const DESCRIPTION = '学历图像采集';

function wechatProvider(configFile: string | undefined): WechatPayProvider {
  if (!configFile) throw new Error('PAYMENT_PROVIDER=wechat needs WECHATPAY_CONFIG: the path of the merchant config JSON (see docs/payment.md)');
  const config = WechatPayConfigSchema.parse(JSON.parse(readFileSync(configFile, 'utf8')));
  return new WechatPayProvider(loadWechatPayCredentials(config));
}

/** `listeningUrl`: the service's own address once it listens, the sandbox QR's fallback for PUBLIC_URL. */
export async function openPayment(db: Kysely<Database>, env: PaymentEnv, listeningUrl: () => string, log: (event: string, detail: Record<string, unknown>) => void): Promise<PaymentContext> {
  const name = env.PAYMENT_PROVIDER ?? 'sandbox';
  if (name !== 'sandbox' && name !== 'wechat') throw new Error(`PAYMENT_PROVIDER must be sandbox or wechat, not ${name}`);
  const refundAfterDays = Number(env.REFUND_AFTER_DAYS ?? DEFAULT_REFUND_AFTER_DAYS);
  if (!Number.isSafeInteger(refundAfterDays) || refundAfterDays < 1) throw new Error(`REFUND_AFTER_DAYS must be a whole number of days ≥ 1, not ${env.REFUND_AFTER_DAYS}`);
  const sandbox = name === 'sandbox' ? new SandboxPaymentProvider(() => env.PUBLIC_URL ?? listeningUrl()) : null;
  const provider = sandbox ?? wechatProvider(env.WECHATPAY_CONFIG);
  const store = new KyselyPaymentStore(db);
  const orders = new PaymentOrders({ store, provider, description: DESCRIPTION, newOrderId: () => ulid(), log });
  return { orders, store, provider, sandbox, signer: await serviceSigner(db), refundAfterDays };
}
