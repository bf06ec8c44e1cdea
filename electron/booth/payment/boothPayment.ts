// The booth's pay step (the `pay` port): free booths pass; a code already paid for (an earlier session
// online, or a voucher redeemed here) passes; online booths get an order for the code from the review
// service and show its QR; vouchers are checked offline against the signed batches. Online payment
// needs the service: not enrolled or unreachable, the screen offers vouchers and says why.
import type { BoothConfig, BoothError, PayOffer } from '../../../shared/api/boothApi.ts';
import { collectionCodeKey } from '../../../shared/payment/collectionCodeKey.ts';
import type { PayOutcome, PayRequest } from '../api/boothPorts.ts';
import { NetworkError, SyncHttpError, type SignedClient } from '../sync/signedClient.ts';
import { cancelOrder, createOrder, fetchOrder } from './paymentClient.ts';
import type { VoucherLedger } from './voucherLedger.ts';

export const NOT_ENROLLED: BoothError = {
  code: 'online_not_enrolled',
  message_zh: '本机尚未连接审核服务，暂不能扫码支付；请使用兑换码，或联系工作人员。',
  message_en: 'This booth is not connected to the review service yet, so paying by phone is not possible: use a voucher, or ask staff.',
};

export const OFFLINE: BoothError = {
  code: 'online_unavailable',
  message_zh: '网络暂时不可用，现在不能扫码支付；请使用兑换码，或联系工作人员。',
  message_en: 'The network is down, so paying by phone is not possible right now: use a voucher, or ask staff.',
};

const NO_FEE: BoothError = {
  code: 'no_fee',
  message_zh: '本机尚未设置收费金额，暂不能支付，请联系工作人员。',
  message_en: 'This booth has no fee configured for online payment; ask staff to set one.',
};

export interface BoothPaymentOptions {
  ledger: VoucherLedger;
  /** the enrolled booth's signed client; null before enrollment */
  client: () => SignedClient | null;
  config: () => BoothConfig;
  /** a voucher was redeemed: report it at the next sync */
  onRedeemed: () => void;
}

interface OpenPayment {
  codeKey: string;
  orderId: string | null;
  /** a new order (after the last one closed or expired) gets a new idempotency key */
  attempt: number;
}

/** Unreachable, timed out, or the service failing: worth offering vouchers instead. */
function serviceDown(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof SyncHttpError && error.status >= 500);
}

export function boothPayment(options: BoothPaymentOptions): (request: PayRequest) => Promise<PayOutcome> {
  const open = new Map<string, OpenPayment>();
  const paid = (sessionId: string, ref?: string): PayOutcome => {
    open.delete(sessionId);
    return { ok: true, paid: true, offer: null, ...(ref ? { ref } : {}) };
  };
  const voucherOffer = (notice: BoothError | null): PayOutcome => ({
    ok: true, paid: false, offer: { mode: 'voucher', amountFen: options.config().payment.amountFen ?? null, qrText: null, expiresAt: null, notice },
  });

  async function start(sessionId: string, code: string): Promise<PayOutcome> {
    const { mode, amountFen } = options.config().payment;
    if (mode === 'free') return paid(sessionId);
    const codeKey = await collectionCodeKey(code);
    const redeemed = options.ledger.coveringRedemption(codeKey);
    if (redeemed) return paid(sessionId, `voucher:${redeemed}`);
    if (mode === 'voucher') return voucherOffer(null);
    const client = options.client();
    if (!client) return voucherOffer(NOT_ENROLLED);
    if (amountFen === undefined || amountFen === 0) return { ok: false, error: NO_FEE };
    const previous = open.get(sessionId);
    const state: OpenPayment = { codeKey, orderId: null, attempt: (previous?.attempt ?? 0) + 1 };
    open.set(sessionId, state);
    try {
      const order = await createOrder(client, { codeKey, amountFen, idempotencyKey: `${sessionId}.${state.attempt}` });
      if (order.covers) return paid(sessionId, `order:${order.orderId}`);
      state.orderId = order.orderId;
      const offer: PayOffer = { mode: 'online', amountFen: order.amountFen, qrText: order.codeUrl, expiresAt: order.expiresAt, notice: null };
      return { ok: true, paid: false, offer };
    } catch (error) {
      if (serviceDown(error)) return voucherOffer(OFFLINE);
      throw error;
    }
  }

  async function check(sessionId: string): Promise<PayOutcome> {
    const state = open.get(sessionId);
    const client = options.client();
    if (!state?.orderId || !client) return { ok: true, paid: false, offer: null };
    try {
      const order = await fetchOrder(client, state.orderId, state.codeKey);
      return order.covers ? paid(sessionId, `order:${order.orderId}`) : { ok: true, paid: false, offer: null };
    } catch (error) {
      // a poll that fails is simply tried again at the next poll
      if (serviceDown(error)) return { ok: true, paid: false, offer: null };
      throw error;
    }
  }

  async function redeem(sessionId: string, code: string, voucher: string): Promise<PayOutcome> {
    const checked = await options.ledger.check(voucher);
    if (!checked.ok) return { ok: false, error: checked.error };
    const redemption = options.ledger.redeem(checked, await collectionCodeKey(code));
    options.onRedeemed();
    return paid(sessionId, `voucher:${redemption.redemptionId}`);
  }

  async function cancel(sessionId: string): Promise<PayOutcome> {
    const state = open.get(sessionId);
    open.delete(sessionId);
    const client = options.client();
    if (state?.orderId && client) {
      // best effort: an order nobody closes expires at the provider and is closed at the next poll
      await cancelOrder(client, state.orderId, state.codeKey).catch(() => undefined);
    }
    return { ok: true, paid: false, offer: null };
  }

  return async (request) => {
    switch (request.step) {
      case 'start':
        return start(request.sessionId, request.code);
      case 'check':
        return check(request.sessionId);
      case 'voucher':
        return redeem(request.sessionId, request.code, request.voucher);
      case 'cancel':
        return cancel(request.sessionId);
    }
  };
}
