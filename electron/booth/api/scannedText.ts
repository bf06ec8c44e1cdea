// What a scanner delivered, before any resolver is asked. Students scan the wrong thing on their
// phone (a payment code, a WeChat or Alipay QR, a link, even a product barcode): each gets a message
// that says what was scanned and what to show instead, and the kiosk offers the "没有采集码？" help
// beside it. Anything else goes through the codes module's shape check
// (electron/booth/codes/codeParser.ts) against the resolver adapter's declared shape.
import { parseCollectionCode, type CodeShape as ResolverCodeShape } from '../codes/codeParser.ts';
import type { CodeShape } from './boothPorts.ts';

/** What a wrong scan was, in both languages, for "扫到的是…" / "You scanned …". */
interface Scanned {
  code: string;
  zh: string;
  en: string;
  /** what to do instead, where it is not "show the 采集码" */
  instead?: { zh: string; en: string };
}

const SHOW_INSTEAD = {
  zh: '请出示学信网的图像采集码（在学信网微信公众号、学信网 App 或学信档案中获取）。',
  en: 'Please show your CHSI image collection code (图像采集码) instead: it is in the 学信网 WeChat account, the 学信网 app or 学信档案.',
};

const WECHAT_HOSTS = ['weixin.qq.com', 'wechat.com', 'wxaurl.cn', 'wechat.qq.com'];
const ALIPAY_HOSTS = ['alipay.com', 'alipayobjects.com'];
const onHost = (host: string, domains: readonly string[]): boolean => domains.some((d) => host === d || host.endsWith(`.${d}`));
/** a link's host as the student can read it on screen (a QR may hold any length) */
const shortHost = (host: string): string => (host.length > 40 ? `${host.slice(0, 39)}…` : host);

/** EAN-13 / EAN-8 with a valid check digit: a product's or a book's barcode */
function isEan(text: string): boolean {
  if (!/^(\d{8}|\d{13})$/.test(text)) return false;
  const digits = [...text].map(Number);
  const check = digits.pop() ?? 0;
  // weights 3,1,3,1… from the digit next to the check digit
  const sum = digits.reverse().reduce((total, d, i) => total + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

function urlScanned(text: string): Scanned | null {
  if (/^wxp:/i.test(text)) return { code: 'payment_qr', zh: '微信收款码', en: 'a WeChat Pay QR code' };
  if (/^weixin:/i.test(text)) return { code: 'wechat_qr', zh: '微信二维码', en: 'a WeChat QR code' };
  if (/^alipays?:/i.test(text)) return { code: 'payment_qr', zh: '支付宝二维码', en: 'an Alipay QR code' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return null;
  let host = '';
  try {
    host = new URL(text).hostname.toLowerCase();
  } catch {
    // a scheme and garbage: still a link, not a code
  }
  if (host === 'chsi.com.cn' || host.endsWith('.chsi.com.cn')) {
    return {
      code: 'chsi_link', zh: '学信网的网址', en: 'a 学信网 (CHSI) web link',
      instead: { zh: '，不是图像采集码本身。请登录学信网，打开“图像采集码”，出示那里的二维码。', en: ', not the collection code itself. Log in to 学信网, open "图像采集码" and show that QR code.' },
    };
  }
  if (onHost(host, WECHAT_HOSTS)) return { code: 'wechat_qr', zh: '微信二维码（名片、群或公众号）', en: 'a WeChat QR code (a contact, group or official account)' };
  if (onHost(host, ALIPAY_HOSTS)) return { code: 'payment_qr', zh: '支付宝二维码', en: 'an Alipay QR code' };
  const where = host ? shortHost(host) : '';
  return { code: 'url', zh: where ? `网址（${where}）` : '网址', en: where ? `a web link (${where})` : 'a web link' };
}

/** What a scan that is certainly not a 采集码 was, or null when it may be one. */
export function recogniseWrongScan(raw: string): Scanned | null {
  const text = raw.trim();
  const link = urlScanned(text);
  if (link) return link;
  // WeChat Pay / Alipay payment codes: 18 digits starting 10–15, or 16–24 digits starting 25–30
  if (/^1[0-5]\d{16}$/.test(text)) return { code: 'payment_code', zh: '微信付款码', en: 'a WeChat Pay payment code' };
  if (/^(2[5-9]|30)\d{14,22}$/.test(text)) return { code: 'payment_code', zh: '支付宝付款码', en: 'an Alipay payment code' };
  if (isEan(text)) return { code: 'product_barcode', zh: '商品或图书的条形码', en: 'a product or book barcode' };
  return null;
}

export function classifyScannedText(raw: string, shape: ResolverCodeShape): CodeShape {
  const scanned = recogniseWrongScan(raw);
  if (scanned) {
    const instead = scanned.instead ?? { zh: `，不是采集码。${SHOW_INSTEAD.zh}`, en: `, not a collection code. ${SHOW_INSTEAD.en}` };
    return { ok: false, error: { code: scanned.code, message_zh: `扫到的是${scanned.zh}${instead.zh}`, message_en: `You scanned ${scanned.en}${instead.en}` } };
  }
  const parsed = parseCollectionCode(raw, shape);
  if (!parsed.ok) return { ok: false, error: { code: parsed.error.reason, message_zh: parsed.error.message_zh, message_en: parsed.error.message_en } };
  return { ok: true, code: parsed.code };
}
