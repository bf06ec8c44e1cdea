// "没有采集码？": how a student gets the 采集码 on their phone (the school's wording, from the booth
// configuration), a QR that opens 学信网 on the phone, and "scan again when you have it" — the
// scanner stays live here, so the code starts the session the moment it is shown. Nothing is asked.
import type { BoothError, CodeHelp } from '../../../../shared/api/boothApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { useQrSvg } from '../../useQrSvg.ts';

export interface CodeHelpScreenProps {
  help: CodeHelp;
  /** a wrong scan made on this screen */
  error: BoothError | null;
  onCameraScan: () => void;
  onBack: () => void;
}

export function CodeHelpScreen({ help, error, onCameraScan, onBack }: CodeHelpScreenProps) {
  const t = useT();
  const errorText = useErrorText();
  const qrSvg = useQrSvg(help.qrUrl);
  return (
    <div className="code-help">
      <h2>{t(help.title)}</h2>
      <div className="code-help-body">
        <ol className="code-help-steps">
          {help.steps.map((step) => <li key={step.zh}>{t(step)}</li>)}
        </ol>
        <figure className="code-help-qr">
          {/* the SVG comes from the qrcode library, and the address from the booth's configuration */}
          <div data-testid="code-help-qr" data-url={help.qrUrl} dangerouslySetInnerHTML={qrSvg ? { __html: qrSvg } : undefined} />
          <figcaption>{t(help.qrCaption)}</figcaption>
        </figure>
      </div>
      {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
      <p className="scan-again">{t(help.scanAgain)}</p>
      <div className="actions">
        <button type="button" className="big secondary" onClick={onBack}>{t('返回首页', 'Back to start')}</button>
        <button type="button" className="big secondary" onClick={onCameraScan}>{t('用摄像头扫码', 'Scan with the camera')}</button>
      </div>
    </div>
  );
}

/** The way to the help, beside every place a scan can go wrong. */
export function CodeHelpButton({ onClick }: { onClick: () => void }) {
  const t = useT();
  return (
    <button type="button" className="big secondary code-help-button" onClick={onClick}>
      {t('没有采集码？看如何获取', 'No collection code? How to get one')}
    </button>
  );
}
