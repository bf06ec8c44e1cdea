// The sandbox's "pay" page, opened from the booth's QR on any phone or browser: shows what is being
// paid and a button that posts to the same path + '/pay' (the route calls SandboxPaymentProvider.markPaid).
import { escapeHtml } from '../web/html.ts';
import { formatYuan } from '../../../shared/payment/fen.ts';
import type { SandboxOrder } from './sandboxProvider.ts';
import { sandboxPayPath } from './sandboxProvider.ts';

export function sandboxPayPage(order: SandboxOrder | null): string {
  const body = (() => {
    if (!order) return '<p>找不到这笔订单。<br>No such order.</p>';
    const amount = escapeHtml(formatYuan(order.amountFen));
    const heading = `<h1>${escapeHtml(order.description)}</h1><p class="amount">${amount}</p>`;
    switch (order.transaction.state) {
      case 'unpaid':
        return `${heading}<form method="post" action="${escapeHtml(sandboxPayPath(order.outTradeNo))}/pay"><button type="submit">模拟支付 ${amount}<br><small>Pay (sandbox, no money moves)</small></button></form>`;
      case 'paid':
        return `${heading}<p class="done">支付成功，请回到拍照机继续。<br>Paid. Go back to the booth.</p>`;
      default:
        return `${heading}<p>订单已关闭或已退款，请在拍照机上重新发起支付。<br>This order is closed or refunded; start again at the booth.</p>`;
    }
  })();
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>沙盒支付 · Sandbox payment</title>
<style>body{font-family:"Noto Sans SC",sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;text-align:center}
.amount{font-size:2.5rem;margin:.5rem 0}button{font-size:1.25rem;padding:1rem 2rem;border-radius:.5rem;border:0;background:#07c160;color:#fff}
.note{color:#666;font-size:.875rem}</style></head>
<body>${body}<p class="note">GradBooth 沙盒支付：演示用，不产生真实扣款。Sandbox payment for demonstrations.</p></body></html>`;
}
