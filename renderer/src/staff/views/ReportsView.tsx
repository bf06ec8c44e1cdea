// Reports: one day's sessions, accepted photos, retakes per accepted photo, the most frequent failed
// rules and the average time per student; the last 30 days as CSV (counts only, no personal data).
import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { usePoll, type StaffCall } from '../staffHooks.ts';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function ReportsView({ call }: { call: StaffCall }) {
  const t = useT();
  const [day, setDay] = useState(today);
  const { data } = usePoll(call, 'staff.report', { day }, 10_000);
  const [csvUrl, setCsvUrl] = useState<string | null>(null);
  return (
    <div className="reports">
      <label>{t('日期', 'Day')} <input type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} /></label>
      {data && (
        <>
          <div className="cards">
            <div className="card" data-testid="report-sessions"><strong>{data.sessions}</strong>{t('次采集', 'sessions')}</div>
            <div className="card" data-testid="report-accepted"><strong>{data.accepted}</strong>{t('张已提交', 'accepted')}</div>
            <div className="card"><strong>{data.retakesPerAccepted ?? '—'}</strong>{t('每张照片重拍次数', 'retakes per accepted photo')}</div>
            <div className="card"><strong>{data.averageSecondsPerStudent === null ? '—' : `${data.averageSecondsPerStudent} s`}</strong>{t('平均每人用时', 'average per student')}</div>
          </div>
          <h2>{t('最常见的不通过项', 'Most frequent failed rules')}</h2>
          {data.failedRules.length === 0 ? <p className="muted">{t('无', 'none')}</p> : (
            <table data-testid="failed-rules"><tbody>{data.failedRules.map((r) => <tr key={r.ruleId}><td><code>{r.ruleId}</code></td><td>{r.count}</td></tr>)}</tbody></table>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={() => void call('staff.reportCsv', { days: 30 }).then((r) => {
          if (csvUrl) URL.revokeObjectURL(csvUrl);
          setCsvUrl(URL.createObjectURL(new Blob([r.csv], { type: 'text/csv' })));
        })}>{t('生成 CSV（近 30 天）', 'Make CSV (last 30 days)')}</button>
        {csvUrl && <a href={csvUrl} download={`gradbooth-report-${day}.csv`} data-testid="csv-link">{t('下载 CSV', 'Download CSV')}</a>}
      </div>
    </div>
  );
}
