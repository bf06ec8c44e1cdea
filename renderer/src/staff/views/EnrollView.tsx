// Enrollment (the review service's URL and the one-time code) and pairing a tablet: the LAN address
// and the booth certificate's SHA-256 fingerprint as a QR code the tablet scans and pins.
import { useState } from 'react';
import { useErrorText, useT } from '../../i18n.tsx';
import { usePoll, type StaffCall } from '../staffHooks.ts';
import { useQrSvg } from '../../useQrSvg.ts';

export function EnrollView({ call }: { call: StaffCall }) {
  const t = useT();
  const errorText = useErrorText();
  const queue = usePoll(call, 'staff.queue', {}, 10_000);
  const health = usePoll(call, 'staff.health', {}, 30_000);
  const pairing = usePoll(call, 'staff.pairing', {}, 30_000);
  const [serviceUrl, setServiceUrl] = useState('');
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const pairingText = pairing.data?.pairingText ?? null;
  const qrSvg = useQrSvg(pairingText);
  const enrolled = queue.data?.enrolled ?? false;
  return (
    <div className="enroll">
      <form className="panel" onSubmit={(e) => {
        e.preventDefault();
        void call('staff.enroll', { serviceUrl, enrollmentCode: code, label }).then((r) => {
          setMessage(r.ok ? { ok: true, text: t(`注册成功，本机编号 ${r.boothId}。`, `Enrolled: booth id ${r.boothId}.`) } : { ok: false, text: errorText(r.error) });
          queue.refresh();
          health.refresh();
        }, (err: unknown) => setMessage({ ok: false, text: String(err) }));
      }}>
        <h2>{t('注册审核服务', 'Enroll with the review service')}</h2>
        <p className="note" data-testid="enrollment-state">{enrolled
          ? t(`已注册：${health.data?.service.url ?? ''}`, `Enrolled with ${health.data?.service.url ?? ''}`)
          : t('尚未注册。请向学校管理员索取服务地址和一次性注册码。', 'Not enrolled. Ask the school administrator for the service URL and a one-time enrollment code.')}</p>
        <label>{t('服务地址', 'Service URL')}<input name="serviceUrl" type="url" placeholder="https://photos.example.edu" value={serviceUrl} onChange={(e) => setServiceUrl(e.target.value)} /></label>
        <label>{t('注册码', 'Enrollment code')}<input name="enrollmentCode" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} /></label>
        <label>{t('本机名称', 'Booth name')}<input name="label" placeholder={t('例如：图书馆一楼', 'e.g. library ground floor')} value={label} onChange={(e) => setLabel(e.target.value)} /></label>
        <button type="submit" className="primary" disabled={!serviceUrl || code.trim().length < 4 || !label.trim()}>{t('注册', 'Enroll')}</button>
        {message && <p className={message.ok ? 'note' : 'error'} role="status">{message.text}</p>}
      </form>
      <div className="panel">
        <h2>{t('平板配对', 'Pair a tablet')}</h2>
        {pairing.data?.lanUrl ? (
          <>
            {/* the SVG comes from the qrcode library, not from user input */}
            {qrSvg && <div className="qr" data-testid="pairing-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />}
            <p className="note">{t('在平板上扫描此码：打开本机地址并固定本机证书。', 'Scan this on the tablet: it opens the booth address and pins the booth certificate.')}</p>
            <p><code>{pairing.data.lanUrl}</code></p>
            <p className="fingerprint" data-testid="fingerprint"><code>SHA-256 {pairing.data.fingerprint}</code></p>
          </>
        ) : (
          <p className="muted">{t('局域网访问未开启（启动时设置 GRADBOOTH_LAN=1）。', 'LAN access is off (start the booth with GRADBOOTH_LAN=1).')}</p>
        )}
      </div>
    </div>
  );
}
