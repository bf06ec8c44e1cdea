// Done: the receipt with the submission number and a QR of the review service's status page for
// it, so a student whose photo is rejected learns it and why.
import { useT } from '../../i18n.tsx';
import { useQrSvg } from '../../useQrSvg.ts';

export function DoneScreen({ submissionId, statusUrl, onFinish }: { submissionId: string; statusUrl: string; onFinish: () => void }) {
  const t = useT();
  const qrSvg = useQrSvg(statusUrl);
  return (
    <div className="done">
      <p className="lead success">{t('提交成功！照片将进入人工审核（约两个工作日）。', 'Submitted! Your photo goes to a reviewer (about two working days).')}</p>
      <div className="receipt">
        {/* the SVG comes from the qrcode library, not from user input */}
        <div className="receipt-qr" data-testid="receipt-qr" data-url={statusUrl} dangerouslySetInnerHTML={qrSvg ? { __html: qrSvg } : undefined} />
        <div>
          <p>{t('提交编号', 'Submission number')}</p>
          <p className="submission-id" data-testid="submission-id">{submissionId}</p>
          <p className="note">{t('用手机扫描二维码，随时查看审核结果；如未通过，会说明原因。', 'Scan the QR with your phone to follow the review; if rejected, it says why.')}</p>
        </div>
      </div>
      <button type="button" className="big primary" onClick={onFinish}>{t('完成', 'Finish')}</button>
    </div>
  );
}
