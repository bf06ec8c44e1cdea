// Consent to collecting the face image (sensitive personal information): what, why, where, how
// long, who sees it. No consent, no photo.
import type { BoothConfig } from '../../../../shared/api/boothApi.ts';
import { useT } from '../../i18n.tsx';

export function ConsentScreen({ consent, busy, onAgree, onDecline }: { consent: BoothConfig['consent']; busy: boolean; onAgree: () => void; onDecline: () => void }) {
  const t = useT();
  return (
    <div className="consent">
      <h2>{t(consent.title)}</h2>
      <ul className="consent-points">
        {consent.points.map((p) => <li key={p.en}>{t(p)}</li>)}
      </ul>
      <p className="note">{t('不同意将无法拍照，本次信息会立即清除。', 'Without your consent no photo is taken and this session is cleared now.')}</p>
      <div className="actions">
        <button type="button" className="big secondary" onClick={onDecline}>{t('不同意', 'I do not agree')}</button>
        <button type="button" className="big primary" disabled={busy} onClick={onAgree}>{t('同意并开始拍照', 'I agree, start')}</button>
      </div>
    </div>
  );
}
