// Payment as the service runs it, built from the environment: the provider (WeChat Pay v3 with
// PAYMENT_PROVIDER=wechat and its merchant files named by WECHATPAY_CONFIG; the sandbox only when
// PAYMENT_PROVIDER=sandbox names it; none — online payment off — when unset), the orders over the
// database, the voucher signing key, and the automatic refund period.
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { ulid } from 'ulid';
import type { Database } from '../db/schema.ts';
import { PaymentOrders } from './paymentOrders.ts';
import type { PaymentProvider } from './paymentProvider.ts';
import { KyselyPaymentStore } from './kyselyPaymentStore.ts';
import { SandboxPaymentProvider } from './sandboxProvider.ts';
import { NoPaymentProvider } from './noPaymentProvider.ts';
import { WechatPayProvider } from './wechatPayProvider.ts';
import { loadWechatPayCredentials, WechatPayConfigSchema } from './wechatPayConfig.ts';
import { serviceSigner, type ServiceSigner } from './serviceSigningKey.ts';
import { DEFAULT_REFUND_AFTER_DAYS } from './refundsDue.ts';

export interface PaymentEnv {
  /** 'wechat', 'sandbox' (demonstrations: anyone can mark its orders paid), or unset: online payment off */
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
  // set but empty is unset
  const name = env.PAYMENT_PROVIDER || undefined;
  if (name !== undefined && name !== 'sandbox' && name !== 'wechat') throw new Error(`PAYMENT_PROVIDER must be wechat or sandbox (or unset: online payment off), not ${name}`);
  const refundAfterDays = Number(env.REFUND_AFTER_DAYS ?? DEFAULT_REFUND_AFTER_DAYS);
  if (!Number.isSafeInteger(refundAfterDays) || refundAfterDays < 1) throw new Error(`REFUND_AFTER_DAYS must be a whole number of days ≥ 1, not ${env.REFUND_AFTER_DAYS}`);
  const sandbox = name === 'sandbox' ? new SandboxPaymentProvider(() => env.PUBLIC_URL ?? listeningUrl()) : null;
  const provider = sandbox ?? (name === 'wechat' ? wechatProvider(env.WECHATPAY_CONFIG) : new NoPaymentProvider());
  const store = new KyselyPaymentStore(db);
  const orders = new PaymentOrders({ store, provider, description: DESCRIPTION, newOrderId: () => ulid(), log });
  return { orders, store, provider, sandbox, signer: await serviceSigner(db), refundAfterDays };
}

/** The start-up line that says what payment this service takes (null: real payments, nothing to warn about). */
export function paymentWarning(provider: PaymentProvider): string | null {
  if (provider.name === 'sandbox') return 'PAYMENT_PROVIDER=sandbox: no money moves and anyone who can reach /pay/sandbox/{order}/pay can mark an order paid; for demonstrations only, never in production';
  if (provider.name === 'none') return 'online payment is off (PAYMENT_PROVIDER is not set): booths in online mode offer vouchers only; set PAYMENT_PROVIDER=wechat with WECHATPAY_CONFIG, or PAYMENT_PROVIDER=sandbox for a demonstration';
  return null;
}
