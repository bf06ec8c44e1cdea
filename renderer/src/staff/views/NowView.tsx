// Now: the student at the booth (step, masked name only, last check verdicts), the camera's live
// thumbnail, and the help actions: restart posing, override a failed check with a reason, end.
import { useState } from 'react';
import type { StaffCallInput } from '../../../../shared/api/staffApi.ts';
import type { RuleId } from '../../../../shared/checkResult.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { duration, usePoll, type StaffCall } from '../staffHooks.ts';

const STEPS: Record<string, [string, string]> = {
  scanned: ['已扫码，等待核验', 'Scanned, verifying'],
  verified: ['已核验，确认信息或支付', 'Verified, confirming or paying'],
  paid: ['已支付', 'Paid'],
  posing: ['拍照中', 'Posing'],
  captured: ['生成标准照', 'Making the photo'],
  reviewing: ['确认照片', 'Reviewing the photo'],
};

export function NowView({ call }: { call: StaffCall }) {
  const t = useT();
  const errorText = useErrorText();
  const { data, refresh } = usePoll(call, 'staff.now', {}, 1500);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const session = data?.session ?? null;
  const camera = data?.camera ?? null;

  const help = (input: StaffCallInput<'staff.help'>) => {
    void call('staff.help', input).then((r) => {
      setMessage(r.ok ? t('已完成。', 'Done.') : errorText(r.error));
      refresh();
    }, (e: unknown) => setMessage(String(e)));
  };

  return (
    <div className="now">
      <div className="panel">
        <h2>{t('当前学生', 'Student at the booth')}</h2>
        {!session ? (
          <p className="muted" data-testid="no-session">{t('暂无进行中的采集。', 'Nobody is using the booth.')}</p>
        ) : (
          <>
            <dl className="facts">
              <dt>{t('步骤', 'Step')}</dt><dd data-testid="now-step">{t(...(STEPS[session.state] ?? [session.state, session.state]))}</dd>
              <dt>{t('姓名', 'Name')}</dt><dd data-testid="now-name">{session.maskedName ?? '—'}</dd>
              <dt>{t('已用时', 'Time so far')}</dt><dd>{duration(Date.now() - session.startedAt, t)}</dd>
              <dt>{t('重拍次数', 'Retakes')}</dt><dd>{session.retakes}</dd>
            </dl>
            {session.checks.length > 0 && (
              <ul className="verdicts" data-testid="now-checks">
                {session.checks.filter((c) => c.verdict !== 'pass').map((c) => {
                  const overridden = session.operatorOverrides.some((o) => o.ruleId === c.id);
                  return (
                    <li key={c.id} className={overridden ? 'overridden' : c.verdict}>
                      <span>{c.verdict === 'fail' ? '✗' : '!'} {t(c.message_zh, c.message_en)} <code>{c.id}</code></span>
                      {c.verdict === 'fail' && !overridden && (
                        <button type="button" disabled={reason.trim().length < 3} onClick={() => help({ action: 'override', sessionId: session.id, ruleId: c.id as RuleId, reason })}>{t('放行', 'Override')}</button>
                      )}
                      {overridden && <em>{t('已放行', 'overridden')}</em>}
                    </li>
                  );
                })}
                {session.checks.every((c) => c.verdict === 'pass') && <li className="pass">✓ {t('全部检查通过', 'Every check passed')}</li>}
              </ul>
            )}
            {session.checks.some((c) => c.verdict === 'fail') && (
              <label className="reason">{t('放行理由（记录在案）', 'Reason for the override (logged)')}
                <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
              </label>
            )}
            <div className="actions">
              <button type="button" disabled={session.state !== 'posing' && session.state !== 'reviewing'} onClick={() => help({ action: 'restart_posing', sessionId: session.id })}>{t('重新拍照', 'Restart posing')}</button>
              <button type="button" className="danger" onClick={() => help({ action: 'end_session', sessionId: session.id })}>{t('结束本次采集', 'End the session')}</button>
            </div>
          </>
        )}
        {message && <p className="note" role="status">{message}</p>}
      </div>
      <div className="panel">
        <h2>{t('摄像头', 'Camera')}</h2>
        {camera ? (
          <figure className="thumb">
            <img src={`data:image/jpeg;base64,${camera.thumbnailJpegBase64}`} alt={t('摄像头画面', 'Camera view')} data-testid="camera-thumbnail" />
            <figcaption>{camera.width}×{camera.height} · {camera.fps} fps · {duration(Date.now() - camera.reportedAt, t)}{t('前', ' ago')}</figcaption>
          </figure>
        ) : (
          <p className="muted">{t('摄像头在学生拍照时开启，画面会显示在这里。', 'The camera opens while a student poses; its picture shows here.')}</p>
        )}
      </div>
    </div>
  );
}
