// Queue and sync: submissions by state, the oldest unsynced one's age, the last successful upload,
// failing jobs with their reasons, "retry now", the reviewers' decisions (to call a student back), and
// the payments the service refunds because no photo was accepted for them.
import { useState } from 'react';
import { formatYuan, toFen } from '../../../../shared/payment/fen.ts';
import { useT } from '../../i18n.tsx';
import { duration, useAgo, usePoll, type StaffCall } from '../staffHooks.ts';

const REFUND_REASONS: Record<string, [string, string]> = {
  no_accepted_photo: ['逾期未完成拍照', 'no accepted photo in time'],
  duplicate_payment: ['重复支付', 'paid twice'],
  manual: ['管理员退款', 'refunded by an admin'],
};

const STATES: Record<string, [string, string]> = {
  approved: ['已通过', 'approved'],
  rejected: ['未通过', 'rejected'],
  received: ['已接收', 'received'],
  transmitted: ['已报送', 'transmitted'],
};

export function QueueView({ call }: { call: StaffCall }) {
  const t = useT();
  const ago = useAgo();
  const { data, refresh } = usePoll(call, 'staff.queue', {});
  const [message, setMessage] = useState<string | null>(null);
  if (!data) return <p className="muted">{t('读取中…', 'Loading…')}</p>;
  const { counts } = data;
  return (
    <div className="queue">
      <div className="cards">
        <div className="card" data-testid="count-queued"><strong>{counts.queued}</strong>{t('待上传', 'waiting to upload')}</div>
        <div className="card" data-testid="count-acknowledged"><strong>{counts.acknowledged}</strong>{t('已上传', 'uploaded')}</div>
        <div className="card"><strong>{counts.purged}</strong>{t('已清除本机副本', 'local copy purged')}</div>
        <div className={counts.flagged > 0 ? 'card bad' : 'card'}><strong>{counts.flagged}</strong>{t('文件异常', 'file problems')}</div>
      </div>
      {!data.enrolled && <p className="error">{t('本机尚未注册审核服务，照片会保存在本机，注册后自动上传。', 'Not enrolled with a review service: photos stay on the booth and upload once it is enrolled.')}</p>}
      <dl className="facts">
        <dt>{t('最早未上传', 'Oldest unsynced')}</dt><dd data-testid="oldest-unsynced">{data.oldestUnsyncedAgeMs === null ? t('无', 'none') : duration(data.oldestUnsyncedAgeMs, t)}</dd>
        <dt>{t('上次成功上传', 'Last successful upload')}</dt><dd data-testid="last-upload">{ago(data.lastUploadAt)}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void call('staff.retrySync', {}).then((r) => {
          setMessage(t(`已重试（恢复 ${r.revived} 个失败任务）。`, `Retried (${r.revived} failed jobs revived).`));
          refresh();
        }, (e: unknown) => setMessage(String(e)))}>{t('立即重试同步', 'Retry sync now')}</button>
        {message && <span className="note" role="status">{message}</span>}
      </div>
      <h2>{t('失败记录', 'Failures')}</h2>
      {data.failures.length === 0 ? <p className="muted">{t('没有失败。', 'No failures.')}</p> : (
        <table data-testid="failures"><thead><tr><th>{t('任务', 'Job')}</th><th>{t('次数', 'Attempts')}</th><th>{t('原因', 'Reason')}</th><th>{t('下次', 'Next')}</th></tr></thead>
          <tbody>{data.failures.map((f, i) => (
            <tr key={i} className={f.dead ? 'bad' : ''}><td>{f.kind}</td><td>{f.attempts}</td><td>{f.error}</td><td>{f.dead ? t('已停止，需重试', 'stopped: retry') : duration(Math.max(0, f.nextRunAt - Date.now()), t)}</td></tr>
          ))}</tbody></table>
      )}
      <h2>{t('审核结果', 'Decisions received')}</h2>
      {data.decisions.length === 0 ? <p className="muted">{t('还没有审核结果。', 'No decisions yet.')}</p> : (
        <table data-testid="decisions"><thead><tr><th>{t('提交编号', 'Submission')}</th><th>{t('结果', 'Decision')}</th><th>{t('原因', 'Reasons')}</th><th>{t('时间', 'When')}</th></tr></thead>
          <tbody>{data.decisions.map((d) => (
            <tr key={`${d.submissionId}-${d.at}`} className={d.state === 'rejected' ? 'bad' : ''}>
              <td><code>{d.submissionId.slice(-8)}</code></td><td>{t(...(STATES[d.state] ?? [d.state, d.state]))}</td>
              <td>{[...d.reasons, d.note].filter(Boolean).join('；')}</td><td>{ago(d.at)}</td>
            </tr>
          ))}</tbody></table>
      )}
      <h2>{t('待退款', 'Pending refunds')}</h2>
      {data.refunds === null ? <p className="muted">{t('暂时无法从审核服务读取。', 'The review service cannot be asked right now.')}</p>
        : data.refunds.length === 0 ? <p className="muted">{t('没有待退款。', 'No pending refunds.')}</p> : (
          <table data-testid="refunds"><thead><tr><th>{t('订单', 'Order')}</th><th>{t('金额', 'Amount')}</th><th>{t('原因', 'Reason')}</th><th>{t('状态', 'State')}</th></tr></thead>
            <tbody>{data.refunds.map((r) => (
              <tr key={r.orderId} className={r.lastError ? 'bad' : ''}>
                <td><code>{r.orderId.slice(-8)}</code></td><td>{formatYuan(toFen(r.amountFen))}</td>
                <td>{t(...(REFUND_REASONS[r.reason] ?? [r.reason, r.reason]))}</td>
                <td>{r.lastError ?? (r.requestedAt ? t(`已申请（${ago(r.requestedAt)}）`, `requested ${ago(r.requestedAt)}`) : t('待处理', 'due'))}</td>
              </tr>
            ))}</tbody></table>
        )}
    </div>
  );
}
