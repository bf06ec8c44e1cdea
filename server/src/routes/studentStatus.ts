// The student status page the receipt QR opens (/s/{id}?k=secret, no login): the state in the
// seed's words, for a rejection the reasons in plain Chinese and what to do next, and withdrawal
// while the photo is still waiting for review.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { STATE_LABEL_ZH, type ReasonCode, type SubmissionState } from '../../../shared/sync/protocol.ts';
import type { ServiceContext } from '../serviceContext.ts';
import { transition } from '../submissions/submissionLedger.ts';
import { REASON_TEXT } from '../review/reasonText.ts';
import { escapeHtml } from '../web/html.ts';
import { BODY_TYPES } from '../http/requestGuard.ts';

const NEXT_STEP: Record<SubmissionState, string> = {
  pending: '照片已提交，正在人工审核中，审核约两个工作日。如发现信息有误或想更换照片，可在审核前撤回后重新拍摄。',
  approved: '照片审核通过，即将上传学信网。审核通过后不支持修改信息或更换照片。',
  rejected: '照片审核未通过，请按下面的说明回到拍照点重新拍摄，重新扫描采集码即可。',
  transmitting: '照片正在上传学信网（上网中），不支持修改信息或更换照片。',
  done: '采集完成，照片已上传学信网。',
  withdrawn: '您已撤回这次提交，可回到拍照点重新拍摄。',
};

function secretMatches(secret: string, storedSha256: string): boolean {
  const actual = createHash('sha256').update(secret).digest();
  const expected = Buffer.from(storedSha256, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>学历图像采集 · 审核状态</title><style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:34rem;margin:1.5rem auto;padding:0 1rem;line-height:1.6}
.state{font-size:1.8rem;font-weight:700;margin:.5rem 0}.rejected{color:#b00020}.done,.approved{color:#0a7a2f}li{margin:.4rem 0}button{font-size:1rem;padding:.5rem 1rem}</style></head><body>${body}</body></html>`;
}

export function registerStudentStatus(app: FastifyInstance, ctx: ServiceContext): void {
  const load = async (id: string, secret: string | undefined) => {
    const row = await ctx.db.selectFrom('submissions').select(['id', 'state', 'reasons', 'note', 'status_secret_sha256', 'received_at'])
      .where('id', '=', id).executeTakeFirst();
    return row && secret && secretMatches(secret, row.status_secret_sha256) ? row : null;
  };
  const notFound = page('<h1>未找到提交记录</h1><p>二维码可能不完整。照片如刚刚提交，可能仍在从拍照点上传，请稍后再扫码查看。</p>');

  app.get<{ Params: { id: string }; Querystring: { k?: string } }>('/s/:id', async (request, reply) => {
    const row = await load(request.params.id, request.query.k);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'same-origin');
    if (!row) return reply.status(404).send(notFound);
    const state = row.state as SubmissionState;
    const reasons = (JSON.parse(row.reasons) as ReasonCode[]).map((r) => REASON_TEXT[r] ?? REASON_TEXT.other);
    const reasonList = state === 'rejected'
      ? `<h2>未通过原因</h2><ul>${reasons.map((r) => `<li><b>${escapeHtml(r.zh)}</b>：${escapeHtml(r.fix)}</li>`).join('')}</ul>${row.note ? `<p>审核说明：${escapeHtml(row.note)}</p>` : ''}`
      : '';
    const withdraw = state === 'pending'
      ? `<form method="post" action="/s/${escapeHtml(row.id)}/withdraw"><input type="hidden" name="k" value="${escapeHtml(request.query.k ?? '')}"><button type="submit">撤回这次提交</button></form>`
      : '';
    return reply.send(page(`<h1>学历图像采集</h1><p>提交编号 ${escapeHtml(row.id)}</p><div class="state ${state}" data-state="${state}">${STATE_LABEL_ZH[state]}</div>
<p>${NEXT_STEP[state]}</p>${reasonList}${withdraw}`));
  });

  // the status page's own form (its secret is the authority, not a cookie)
  app.post<{ Params: { id: string }; Body: { k?: string } }>('/s/:id/withdraw', { config: { bodyTypes: BODY_TYPES.form } }, async (request, reply) => {
    const secret = request.body?.k;
    const row = await load(request.params.id, secret);
    if (!row) return reply.status(404).type('text/html; charset=utf-8').send(notFound);
    const moved = await ctx.db.transaction().execute((trx) => transition(trx, { submissionId: row.id, from: 'pending', to: 'withdrawn', actor: 'student' }));
    if (!moved) {
      return reply.status(409).type('text/html; charset=utf-8').send(page('<h1>无法撤回</h1><p>照片已经审核，审核通过后不支持撤回或更换照片。</p>'));
    }
    return reply.redirect(`/s/${encodeURIComponent(row.id)}?k=${encodeURIComponent(secret ?? '')}`, 303);
  });
}
