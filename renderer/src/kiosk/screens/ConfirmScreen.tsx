// Confirm the resolved record (masked name, school) and pick the 学历类别 the booth offers. Offline
// with deferred verification there is no record yet: the screen says the code is checked later.
import { useState } from 'react';
import type { EducationCategory, ResolvedRecord } from '../../../../shared/api/boothApi.ts';
import { useT } from '../../i18n.tsx';

export function ConfirmScreen({ record, deferred, categories, onConfirm, onCancel }: { record: ResolvedRecord; deferred: boolean; categories: EducationCategory[]; onConfirm: (categoryId: string) => void; onCancel: () => void }) {
  const t = useT();
  const preselected = categories.some((c) => c.id === record.categoryId) ? record.categoryId : null;
  const [categoryId, setCategoryId] = useState<string | null>(preselected);
  return (
    <div className="confirm">
      <dl className="record">
        <dt>{t('姓名', 'Name')}</dt>
        <dd data-testid="masked-name">{record.maskedName}</dd>
        <dt>{t('学校', 'School')}</dt>
        <dd>{record.school}</dd>
      </dl>
      {deferred && (
        <p className="notice" data-testid="deferred-notice">
          {t('网络暂不可用：采集码将在联网后核验。若核验不通过，照片会被退回，请留意回执上的审核状态。',
            'The network is down: your code will be verified once the booth is online. If it does not match, the photo is rejected; check the status on your receipt.')}
        </p>
      )}
      <p className="lead">{t('请选择学历类别', 'Choose your education category')}</p>
      <div className="choices" role="radiogroup">
        {categories.map((c) => (
          <button key={c.id} type="button" role="radio" aria-checked={categoryId === c.id} className={`big choice${categoryId === c.id ? ' selected' : ''}`} onClick={() => setCategoryId(c.id)}>
            {t(c.label)}
          </button>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="big secondary" onClick={onCancel}>{t('不是我，返回', 'Not me, go back')}</button>
        <button type="button" className="big primary" disabled={categoryId === null} onClick={() => categoryId && onConfirm(categoryId)}>{t('信息正确，下一步', 'Correct, next')}</button>
      </div>
    </div>
  );
}
