// Pay, only when the booth's payment mode asks for it: a voucher code, or confirmation of an online
// payment from the booth API. Paid once, retakes are free.
import { useState } from 'react';
import type { BoothConfig, BoothError } from '../../../../shared/api/boothApi.ts';
import { VOUCHER_ALPHABET, VOUCHER_LENGTH } from '../../../../shared/payment/voucherCode.ts';
import { useErrorText, useT } from '../../i18n.tsx';

/** only the voucher alphabet (Crockford's: no I, L, O, U), so a student cannot type a symbol no voucher has */
const VOUCHER_KEYS = [...VOUCHER_ALPHABET, '⌫'];

export function PayScreen({ payment, busy, error, onPay, onCancel }: { payment: BoothConfig['payment']; busy: boolean; error: BoothError | null; onPay: (voucher: string | null) => void; onCancel: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [voucher, setVoucher] = useState('');
  return (
    <div className="pay">
      {payment.priceLabel && <p className="lead">{t(payment.priceLabel)}</p>}
      {payment.mode === 'voucher' ? (
        <>
          <p className="lead">{t('请输入兑换码', 'Enter your voucher code')}</p>
          <output className="voucher">{voucher || '—'}</output>
          <div className="keypad wide">
            {VOUCHER_KEYS.map((k) => (
              <button key={k} type="button" className="key small" aria-label={k === '⌫' ? t('删除', 'delete') : k} onClick={() => setVoucher((v) => (k === '⌫' ? v.slice(0, -1) : (v + k).slice(0, VOUCHER_LENGTH)))}>{k}</button>
            ))}
          </div>
        </>
      ) : (
        <p className="lead">{t('请用手机扫码支付，支付成功后会自动继续。', 'Pay with your phone; the booth continues by itself once paid.')}</p>
      )}
      {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
      <p className="note">{t('一次付费，可多次重拍，直到您满意提交。', 'Pay once; retake as often as you like until you submit.')}</p>
      <div className="actions">
        <button type="button" className="big secondary" onClick={onCancel}>{t('取消', 'Cancel')}</button>
        <button type="button" className="big primary" disabled={busy || (payment.mode === 'voucher' && voucher.length === 0)} onClick={() => onPay(payment.mode === 'voucher' ? voucher : null)}>
          {payment.mode === 'voucher' ? t('兑换', 'Redeem') : t('我已支付', 'I have paid')}
        </button>
      </div>
    </div>
  );
}
