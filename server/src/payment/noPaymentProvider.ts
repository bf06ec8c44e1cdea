// The provider when PAYMENT_PROVIDER is not set: online payment is off, and nothing can be paid. A
// booth asking for an order gets 503 and offers vouchers instead ("online payment unavailable"); the
// sandbox, where anyone can mark an order paid, never runs unless it is asked for by name.
import { HttpError } from '../http/httpError.ts';
import { PaymentProviderError, type NotificationVerification, type PaymentProvider, type ProviderRefund, type ProviderTransaction } from './paymentProvider.ts';

const OFF = 'online payment is off on this review service (PAYMENT_PROVIDER is not set)';

export class NoPaymentProvider implements PaymentProvider {
  readonly name = 'none';

  async createNativeOrder(): Promise<{ codeUrl: string }> {
    throw new HttpError(503, 'payment_off', OFF, { message_zh: '本系统未开通在线支付，请使用兑换码或联系工作人员。' });
  }

  async queryOrder(): Promise<ProviderTransaction | null> {
    return null;
  }

  async closeOrder(): Promise<'closed'> {
    return 'closed';
  }

  async refund(): Promise<ProviderRefund> {
    throw new PaymentProviderError('payment_off', OFF, null, false);
  }

  verifyNotification(): NotificationVerification {
    return { ok: false, reason: 'unknown_serial' };
  }
}
