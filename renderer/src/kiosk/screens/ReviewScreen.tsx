// Review: the standardized photo next to the check verdicts; retake or accept. Warnings are
// explained and do not block; a failure blocks accept unless an operator overrides it with a reason.
import { useState } from 'react';
import type { BoothError } from '../../../../shared/api/boothApi.ts';
import type { CheckResult, RuleId } from '../../../../shared/checkResult.ts';
import { useErrorText, useT } from '../../i18n.tsx';

export interface Override {
  ruleId: RuleId;
  reason: string;
  operatorPin: string;
}

export interface ReviewScreenProps {
  photoUrl: string;
  checks: CheckResult[];
  /** failed checks the operator overrode from the staff screen: they no longer block */
  staffOverridden: RuleId[];
  busy: boolean;
  error: BoothError | null;
  onAccept: (overrides: Override[]) => void;
  onRetake: () => void;
}

const ORDER = { fail: 0, warn: 1, pass: 2 } as const;
const MARK = { fail: '✗', warn: '!', pass: '✓' } as const;

export function ReviewScreen({ photoUrl, checks, staffOverridden, busy, error, onAccept, onRetake }: ReviewScreenProps) {
  const t = useT();
  const errorText = useErrorText();
  const [operatorOpen, setOperatorOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const failures = checks.filter((c) => c.verdict === 'fail' && !staffOverridden.includes(c.id));
  // failures and warnings first; passes whose message repeats (the five file.* rules) shown once
  const sorted = [...checks].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]).filter((c, i, all) => c.verdict !== 'pass' || all.findIndex((o) => o.verdict === 'pass' && o.message_zh === c.message_zh) === i);
  const blocked = failures.length > 0;
  return (
    <div className="review">
      <figure className="standard-photo">
        <img src={photoUrl} alt={t('标准照', 'Standard photo')} data-testid="standard-photo" />
        <figcaption>{t('标准照 480×640', 'Standard photo 480×640')}</figcaption>
      </figure>
      <div className="review-side">
        <ul className="verdicts" data-testid="verdicts">
          {sorted.map((c) => (
            <li key={c.id} className={`verdict ${c.verdict}`} data-rule={c.id} data-overridden={staffOverridden.includes(c.id) || undefined}>
              <span className="mark" aria-hidden="true">{MARK[c.verdict]}</span>
              <span>{t(c.message_zh, c.message_en)}</span>
            </li>
          ))}
        </ul>
        {blocked ? (
          <p className="error" role="alert">{t('有不符合要求的项目，请重拍。如确有特殊情况，请工作人员处理。', 'Some rules are not met: please retake. Staff can approve a special case.')}</p>
        ) : (
          <p className="note">{t('标有"!"的项目会由审核人员再确认，不影响提交。', 'Items marked "!" are double-checked by a reviewer and do not block.')}</p>
        )}
        {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
        {blocked && operatorOpen && (
          <div className="operator-override">
            <label>{t('工作人员密码', 'Operator PIN')}<input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} /></label>
            <label>{t('放行原因（记录在案）', 'Reason (logged)')}<input type="text" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
          </div>
        )}
        <div className="actions">
          <button type="button" className="big secondary" disabled={busy} onClick={onRetake}>{t('重拍', 'Retake')}</button>
          {!blocked && <button type="button" className="big primary" disabled={busy} onClick={() => onAccept([])}>{t('满意，提交', 'Accept and submit')}</button>}
          {blocked && !operatorOpen && <button type="button" className="big secondary" onClick={() => setOperatorOpen(true)}>{t('工作人员处理', 'Staff')}</button>}
          {blocked && operatorOpen && (
            <button type="button" className="big secondary" disabled={busy || pin.length < 4 || reason.trim().length < 3}
              onClick={() => onAccept(failures.map((f) => ({ ruleId: f.id, reason: reason.trim(), operatorPin: pin })))}>
              {t('工作人员放行并提交', 'Operator override and submit')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
