// Pay, when the booth charges: the fee and what it covers, then the payment QR with its countdown
// (the booth asks every second whether it is paid, and moves on by itself), or voucher entry by
// keypad or scanner. Offline or not enrolled, only vouchers are offered and the screen says why.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BoothApi, BoothConfig, BoothError, PayOffer } from '../../../../shared/api/boothApi.ts';
import { formatYuan, toFen } from '../../../../shared/payment/fen.ts';
import { VOUCHER_ALPHABET, VOUCHER_LENGTH } from '../../../../shared/payment/voucherCode.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { useQrSvg } from '../../useQrSvg.ts';

/** only the voucher alphabet (Crockford's: no I, L, O, U), so a student cannot type a symbol no voucher has */
const VOUCHER_KEYS = [...VOUCHER_ALPHABET, '⌫'];
const POLL_MS = 500; // the screen moves on within about half a second of the service seeing the payment

export interface PayScreenProps {
  api: BoothApi;
  sessionId: string;
  payment: BoothConfig['payment'];
  onPaid: () => void;
  onCancel: () => void;
  /** the booth failed (not a refusal): the kiosk ends the session */
  onFailure: (message: string) => void;
}

function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function PayScreen({ api, sessionId, payment, onPaid, onCancel, onFailure }: PayScreenProps) {
  const t = useT();
  const errorText = useErrorText();
  const [offer, setOffer] = useState<PayOffer | null>(null);
  const [error, setError] = useState<BoothError | null>(null);
  const [busy, setBusy] = useState(false);
  const [voucher, setVoucher] = useState('');
  const voucherRef = useRef('');
  voucherRef.current = voucher;
  const [now, setNow] = useState(Date.now());
  const done = useRef(false);
  // the kiosk passes new callbacks on every render; the effects below must not restart for that
  const callbacks = useRef({ onPaid, onFailure });
  callbacks.current = { onPaid, onFailure };
  const failed = useCallback((e: unknown) => callbacks.current.onFailure(e instanceof Error ? e.message : String(e)), []);

  const paid = useCallback(() => {
    if (done.current) return;
    done.current = true;
    callbacks.current.onPaid();
  }, []);

  const start = useCallback(async () => {
    setOffer(null);
    setError(null);
    try {
      const result = await api.call('session.payStart', { sessionId });
      if (!result.ok) setError(result.error);
      else if (result.paid) paid();
      else {
        setNow(Date.now());
        setOffer(result.offer);
      }
    } catch (e) {
      failed(e);
    }
  }, [api, sessionId, paid, failed]);

  useEffect(() => {
    void start();
  }, [start]);

  const qrText = offer?.mode === 'online' ? offer.qrText : null;
  const expired = offer?.expiresAt != null && now >= offer.expiresAt;

  const qrSvg = useQrSvg(qrText);

  // the countdown, and the "paid yet?" poll while the QR can be paid
  useEffect(() => {
    if (!qrText || expired) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      void api.call('session.pay', { sessionId, voucher: null }).then((result) => {
        if (result.ok && result.paid) paid();
      }, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, sessionId, qrText, expired, paid]);

  const redeem = useCallback(async (code: string) => {
    setBusy(true);
    try {
      const result = await api.call('session.pay', { sessionId, voucher: code });
      if (!result.ok) setError(result.error);
      else if (result.paid) paid();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  }, [api, sessionId, paid, failed]);

  // a scanner (keyboard wedge) or a keyboard types the voucher and ends it with Enter
  const voucherMode = offer?.mode === 'voucher';
  useEffect(() => {
    if (!voucherMode) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter') {
        if (voucherRef.current.length > 0) void redeem(voucherRef.current);
      } else if (event.key === 'Backspace') setVoucher((v) => v.slice(0, -1));
      else if (/^[0-9A-Za-z]$/.test(event.key)) setVoucher((v) => (v + event.key.toUpperCase()).slice(0, VOUCHER_LENGTH));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [voucherMode, redeem]);

  const amount = offer?.amountFen != null ? formatYuan(toFen(offer.amountFen)) : null;
  return (
    <div className="pay" data-mode={offer?.mode ?? 'loading'}>
      {amount ? <p className="lead" data-testid="pay-amount">{t(`采集费用 ${amount}`, `Fee: ${amount}`)}</p> : payment.priceLabel && <p className="lead">{t(payment.priceLabel)}</p>}
      <p className="note">{t('费用包含拍照、照片标准化处理和审核；一次付费，提交前可多次重拍。', 'Covers the photo, its standardization and the review; pay once and retake as often as you like until you submit.')}</p>
      {offer?.notice && <p className="error" role="status" data-error={offer.notice.code}>{errorText(offer.notice)}</p>}
      {offer === null && !error && <p className="lead">{t('正在准备支付…', 'Preparing payment…')}</p>}
      {offer?.mode === 'online' && (
        expired ? (
          <>
            <p className="lead" data-testid="pay-expired">{t('二维码已过期。', 'The QR code has expired.')}</p>
            <button type="button" className="big primary" onClick={() => void start()}>{t('重新获取二维码', 'New QR code')}</button>
          </>
        ) : (
          <>
            <p className="lead">{t('请用微信扫码支付，支付成功后会自动继续。', 'Scan with WeChat to pay; the booth continues by itself once paid.')}</p>
            {/* the SVG comes from the qrcode library, not from user input */}
            <div className="receipt-qr" data-testid="pay-qr" dangerouslySetInnerHTML={qrSvg ? { __html: qrSvg } : undefined} />
            {offer.expiresAt !== null && <p className="note" data-testid="pay-countdown">{t(`二维码 ${countdown(offer.expiresAt - now)} 后失效`, `QR valid for ${countdown(offer.expiresAt - now)}`)}</p>}
          </>
        )
      )}
      {voucherMode && (
        <>
          <p className="lead">{t('请扫描或输入兑换码', 'Scan or type your voucher code')}</p>
          <output className="voucher" data-testid="voucher">{voucher || '—'}</output>
          <div className="keypad wide">
            {VOUCHER_KEYS.map((k) => (
              <button key={k} type="button" className="key small" aria-label={k === '⌫' ? t('删除', 'delete') : k} onClick={() => setVoucher((v) => (k === '⌫' ? v.slice(0, -1) : (v + k).slice(0, VOUCHER_LENGTH)))}>{k}</button>
            ))}
          </div>
        </>
      )}
      {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
      <div className="actions">
        <button type="button" className="big secondary" onClick={onCancel}>{t('取消', 'Cancel')}</button>
        {voucherMode && (
          <button type="button" className="big primary" disabled={busy || voucher.length === 0} onClick={() => void redeem(voucher)}>{t('兑换', 'Redeem')}</button>
        )}
      </div>
    </div>
  );
}
