// What a scanner delivered, before any resolver is asked: a link or a payment code (students scan
// the wrong QR on their phone) gets its own message, anything else goes through the codes module's
// shape check (electron/booth/codes/codeParser.ts) against the resolver adapter's declared shape.
import { parseCollectionCode, type CodeShape as ResolverCodeShape } from '../codes/codeParser.ts';
import type { CodeShape } from './boothPorts.ts';

const wrong = (code: string, message_zh: string, message_en: string): CodeShape => ({ ok: false, error: { code, message_zh, message_en } });

export function classifyScannedText(raw: string, shape: ResolverCodeShape): CodeShape {
  const text = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^(weixin|alipays?):/i.test(text)) {
    return wrong('url', '扫到的是网址，不是采集码。请扫描学信网上的图像采集码。', 'Scanned a URL, not a collection code.');
  }
  // WeChat Pay / Alipay payment codes: 18 digits starting 10–15, or 16–24 digits starting 25–30
  if (/^1[0-5]\d{16}$/.test(text) || /^(2[5-9]|30)\d{14,22}$/.test(text)) {
    return wrong('payment_code', '扫到的是付款码，不是采集码。请出示学信网的图像采集码。', 'Scanned a payment code, not a collection code.');
  }
  const parsed = parseCollectionCode(text, shape);
  if (!parsed.ok) return { ok: false, error: { code: parsed.error.reason, message_zh: parsed.error.message_zh, message_en: parsed.error.message_en } };
  return { ok: true, code: parsed.code };
}
