// A scan that is not a 采集码 is named for what it is (payment code, WeChat / Alipay QR, link,
// product barcode) with what to show instead, before any resolver is asked; a real code passes.
import { describe, expect, it } from 'vitest';
import { classifyScannedText } from '../../electron/booth/api/scannedText.ts';
import { DEMO_CODE_SHAPE, DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';

const refusal = (text: string) => {
  const result = classifyScannedText(text, DEMO_CODE_SHAPE);
  if (result.ok) throw new Error(`${text} was accepted as a code`);
  return result.error;
};

describe('what a wrong scan was', () => {
  it.each([
    ['134567890123456789', 'payment_code', '微信付款码', 'WeChat Pay payment code'],
    ['281234567890123456', 'payment_code', '支付宝付款码', 'Alipay payment code'],
    ['wxp://f2f0abcdefghijklmnop', 'payment_qr', '微信收款码', 'WeChat Pay QR code'],
    ['https://qr.alipay.com/fkx12345abcdef', 'payment_qr', '支付宝二维码', 'Alipay QR code'],
    ['https://u.wechat.com/EF3kZ8xYz', 'wechat_qr', '微信二维码', 'WeChat QR code'],
    ['https://weixin.qq.com/r/abc', 'wechat_qr', '微信二维码', 'WeChat QR code'],
    ['https://example.edu.cn/notice/2026', 'url', '网址（example.edu.cn）', 'web link (example.edu.cn)'],
    ['6901234567892', 'product_barcode', '商品或图书的条形码', 'product or book barcode'],
    ['9787111213826', 'product_barcode', '商品或图书的条形码', 'product or book barcode'],
  ])('%s is named %s, with the 采集码 to show instead', (text, code, zh, en) => {
    const error = refusal(text);
    expect(error.code).toBe(code);
    expect(error.message_zh).toContain(`扫到的是${zh}`);
    expect(error.message_zh).toContain('请出示学信网的图像采集码');
    expect(error.message_en).toContain(en);
    expect(error.message_en).toContain('collection code');
  });

  it('a 学信网 link is told to open the 图像采集码 page, not to find 学信网', () => {
    const error = refusal('https://my.chsi.com.cn/archive/index.jsp');
    expect(error.code).toBe('chsi_link');
    expect(error.message_zh).toBe('扫到的是学信网的网址，不是图像采集码本身。请登录学信网，打开“图像采集码”，出示那里的二维码。');
  });

  it('a long link shows a shortened host, never the whole QR text', () => {
    const error = refusal(`https://${'a'.repeat(80)}.example.com/path?secret=1`);
    expect(error.message_zh).toContain('…');
    expect(error.message_zh).not.toContain('secret');
  });

  it('13 digits with a wrong check digit are not a barcode: the shape check decides', () => {
    expect(refusal('6901234567891').code).toBe('too_short');
  });

  it('a demo 采集码 passes, trimmed', () => {
    const code = DEMO_ROSTER[0]?.code ?? '';
    expect(classifyScannedText(`${code}\r\n`, DEMO_CODE_SHAPE)).toEqual({ ok: true, code });
  });
});
