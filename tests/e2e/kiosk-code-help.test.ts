// The "没有采集码？" help in Debian Chromium through the web host: from the attract screen, after a
// wrong scan and after a code the resolver does not know (expired); the school's wording from the
// booth configuration, its QR read from the screen's pixels to the configured 学信网 address, nothing
// asked of the student, and a code scanned on the help screen starting the session.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_BOOTH_CONFIG } from '../../electron/booth/api/defaultBoothConfig.ts';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import type { CodeHelp } from '../../shared/api/boothApi.ts';
import { OUTPUT_DIR, makeCameraFile, scanWithWedge, screenOf, screenshot, startKiosk, tapKeys, type KioskRig } from './kioskHarness.ts';
import { readQrText } from '../qrPixels.ts';

const [zhang] = DEMO_ROSTER as [(typeof DEMO_ROSTER)[0]];
/** a school's correction of the default help: its own address for the QR and one step reworded */
const SCHOOL_HELP: CodeHelp = {
  ...DEFAULT_BOOTH_CONFIG.codeHelp,
  qrUrl: 'https://my.chsi.com.cn/archive/wap/index.jsp?from=gradbooth',
  steps: [...DEFAULT_BOOTH_CONFIG.codeHelp.steps, { zh: '仍有问题请到图书馆一楼服务台咨询。', en: 'Still stuck? Ask at the service desk on the library\'s ground floor.' }],
};
let emptyCamera = '';
const rigs: KioskRig[] = [];

async function rig(): Promise<KioskRig> {
  const started = await startKiosk(emptyCamera, { codeHelp: SCHOOL_HELP });
  rigs.push(started);
  return started;
}

/** the help screen is up with every step of the configured wording, and its QR reads as the configured address */
async function expectHelp(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.waitForSelector('[data-screen=codeHelp] [data-testid=code-help-qr] svg');
  expect(await page.locator('.code-help-steps li').allInnerTexts()).toEqual(SCHOOL_HELP.steps.map((s) => s[lang]));
  expect(await page.locator('.scan-again').innerText()).toBe(SCHOOL_HELP.scanAgain[lang]);
  expect(await readQrText(await page.getByTestId('code-help-qr').screenshot()), 'the help QR read from the screen').toBe(SCHOOL_HELP.qrUrl);
  // no personal data: nothing to type on the help screen
  expect(await page.locator('[data-screen=codeHelp] input, [data-screen=codeHelp] textarea').count()).toBe(0);
}

beforeAll(async () => {
  emptyCamera = await makeCameraFile(null, path.join(OUTPUT_DIR, 'camera', 'empty-backdrop.y4m'));
});

afterAll(async () => {
  for (const r of rigs) await r.close();
});

describe('the "没有采集码？" help in Chromium', () => {
  test('a student without a code opens the help from the attract screen, reads how to get one in Chinese or English, and scanning the code there starts the session', async () => {
    const { page, transitions } = await rig();
    await page.getByRole('button', { name: '没有采集码？看如何获取' }).click();
    await expectHelp(page, 'zh');
    // the kiosk's own CJK font, not a system fallback: a missing glyph would be a blank box
    expect(await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check('20px "Noto Sans SC"', '没有采集码学信档案');
    })).toBe(true);
    await screenshot(page, '20-code-help');

    await page.getByRole('button', { name: 'English' }).click();
    await expectHelp(page, 'en');
    await screenshot(page, '21-code-help-english');

    // "scan again when you have it": the scanner listens on the help screen
    await scanWithWedge(page, zhang.code);
    await page.waitForSelector('[data-screen=verify]');
    expect(transitions).toEqual(['scanned']);
  });

  test('a wrong scan says what was scanned and what to show instead, with the help one tap away', async () => {
    const { page, transitions } = await rig();
    await scanWithWedge(page, '134567890123456789');
    const error = page.locator('[data-screen=attract] .error[data-error=payment_code]');
    await error.waitFor();
    expect(await error.innerText()).toBe('扫到的是微信付款码，不是采集码。请出示学信网的图像采集码（在学信网微信公众号、学信网 App 或学信档案中获取）。');
    await screenshot(page, '22-wrong-scan-payment-code');
    await page.getByRole('button', { name: '没有采集码？看如何获取' }).click();
    await expectHelp(page, 'zh');

    // a wrong scan on the help screen is named there too
    await scanWithWedge(page, 'https://u.wechat.com/EF3kZ8xYz');
    await page.waitForSelector('[data-screen=codeHelp] .error[data-error=wechat_qr]');
    await page.getByRole('button', { name: '返回首页' }).click();
    expect(await screenOf(page)).toBe('attract');
    expect(transitions, 'sessions started by wrong scans').toEqual([]);
  });

  test('a code the booth does not recognise (expired) ends at the verify screen with the help one tap away', async () => {
    const { page, transitions } = await rig();
    await scanWithWedge(page, 'GBSIMEXPIRED0000000000000000');
    await page.waitForSelector('[data-screen=verify]');
    await tapKeys(page, '1234');
    await page.getByRole('button', { name: '确认' }).click();
    await page.waitForSelector('.error[data-error=unknown_code]');
    expect(await page.locator('.error').innerText()).toContain('它可能已过期');
    // other digits cannot help an unknown code: no keypad, the help and the way back instead
    expect(await page.locator('.keypad').count()).toBe(0);
    await screenshot(page, '23-verify-unknown-code');
    await page.getByRole('button', { name: '没有采集码？看如何获取' }).click();
    await expectHelp(page, 'zh');
    // the refused code's session is closed at the booth, not left open behind the help
    await expect.poll(() => transitions).toEqual(['scanned', 'abandoned']);
  });
});
