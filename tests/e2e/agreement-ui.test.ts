// The agreement loop in Debian Chromium against the real service process: a reviewer marks the
// booth's wrong verdicts on approvals with the F key (narrowed with the digit keys), and the admin's
// agreement page shows them per rule, worst rule first, with its chart, sorting and CSV links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tools/headlessVision.ts';
import { loadPhotoPairs } from '../integration/fixtures/boothPhotos.ts';
import { SAMPLE_CHECKS } from '../integration/fixtures/boothStoreSetup.ts';
import {
  acceptTestSubmission, drainOutbox, issueCodes, makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin, type TestBooth,
} from '../integration/server-harness.ts';
import { RULE_IDS, type CheckResult } from '../../shared/checkResult.ts';

const ADMIN_PASSWORD = 'admin password 1';
const REVIEWER_PASSWORD = 'reviewer password 1';

const hairEars = (verdict: 'warn' | 'fail', value: number): CheckResult => ({ id: 'hair.ears', verdict, value, threshold: { min: 0.6, unit: 'ratio' }, message_zh: '头发遮挡了耳朵', message_en: 'hair covers the ears' });
const lightWarn: CheckResult = { id: 'light.balance', verdict: 'warn', value: 0.28, threshold: { max: 0.25, unit: 'L* ratio' }, message_zh: '脸部光线不均', message_en: 'uneven light' };

/** What the reviewer does with each photo, told apart by its checks. */
const PHOTOS: { name: string; checks: CheckResult[]; override: boolean }[] = [
  // the booth said hair over ears (staff let it through) and uneven light: the hair is fine, the light call was fair
  { name: 'hair overridden + light warn', checks: [...SAMPLE_CHECKS, hairEars('fail', 0.3), lightWarn], override: true },
  { name: 'hair warn', checks: [...SAMPLE_CHECKS, hairEars('warn', 0.55)], override: false },
  { name: 'all pass', checks: SAMPLE_CHECKS, override: false },
  { name: 'hair overridden, really over the ears', checks: [...SAMPLE_CHECKS, hairEars('fail', 0.2)], override: true },
];

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.locator('#login').waitFor({ state: 'hidden' });
}

describe('reviewer flag key and the admin agreement page', () => {
  let dataDir = '';
  let service: ServiceProcess;
  let booth: TestBooth;
  let browser: Browser;
  let reviewerApi: Awaited<ReturnType<typeof staffLogin>>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    dataDir = await makeTempDir('agreement-ui');
    const env = { DATA_DIR: dataDir };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
    service = new ServiceProcess(env);
    await service.start();
    const admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    expect((await admin('/admin/api/users', { method: 'POST', body: JSON.stringify({ username: 'li.reviewer', password: REVIEWER_PASSWORD, role: 'reviewer' }) })).status).toBe(200);
    reviewerApi = await staffLogin(service.url, 'li.reviewer', REVIEWER_PASSWORD);
    const { code } = (await (await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'library booth', school: '华东示范大学', degreeCategories: ['本科', '硕士研究生', '专科', '第二学士学位', '博士研究生'], paymentMode: 'free' }) })).json()) as { code: string };
    booth = await openBooth();
    await booth.sync.enroll(service.url, code, 'library booth');
    const photos = await loadPhotoPairs();
    const codes = await issueCodes(undefined, dataDir, PHOTOS.length);
    for (const [i, p] of PHOTOS.entries()) {
      const overrides = p.override ? [{ ruleId: 'hair.ears', reason: '工作人员确认耳朵可见' }] : [];
      ids.set(p.name, (await acceptTestSubmission(booth, photos[i % photos.length]!, codes[i]!, p.checks, 'verified', overrides)).submissionId);
    }
    await drainOutbox(booth);
    expect(booth.store.submissionCounts().acknowledged).toBe(PHOTOS.length);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await booth?.close();
    await service?.stop();
    await removeDir(dataDir);
  });

  it('F approves a photo and marks the booth\'s warned and failed rules as false alarms; 1–9 choose which', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${service.url}/review`);
    await logIn(page, 'li.reviewer', REVIEWER_PASSWORD);
    const byId = new Map([...ids].map(([name, id]) => [id, name]));
    for (let n = 0; n < PHOTOS.length; n += 1) {
      await page.locator('#currentId').waitFor();
      const id = (await page.locator('#currentId').textContent())!;
      const name = byId.get(id)!;
      // the raised rules carry a number and, until narrowed, the false-alarm mark F would record
      const marks = page.locator('.check .flag[data-flag]');
      if (name === 'hair overridden + light warn') {
        await expect.poll(() => page.locator('.check .flag.on').count()).toBe(2);
        expect(await marks.allTextContents()).toEqual(['1 ⚑ 误报', '2 ⚑ 误报']);
        await page.keyboard.press('2');
        await expect.poll(() => marks.allTextContents()).toEqual(['1 ⚑ 误报', '2 —']);
        await page.screenshot({ path: 'test-output/reviewer-flag.png' });
        await page.keyboard.press('f');
      } else if (name === 'hair warn') {
        expect(await marks.allTextContents()).toEqual(['1 ⚑ 误报']);
        await page.keyboard.press('f');
      } else if (name === 'all pass') {
        expect(await marks.count()).toBe(0);
        // nothing the booth raised, so nothing to mark: F says so and decides nothing
        await page.keyboard.press('f');
        await expect.poll(() => page.locator('#message').textContent()).toContain('无需标记误报');
        expect(await page.locator('#currentId').textContent()).toBe(id);
        await page.keyboard.press('a');
      } else {
        await page.keyboard.press('r');
        await page.locator('#reject.open').waitFor();
        await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      }
      await page.waitForFunction((previous) => document.getElementById('currentId')?.textContent !== previous || !document.getElementById('empty')!.hidden, id);
    }
    await page.locator('#empty').waitFor();

    const decision = async (name: string) => (await (await reviewerApi(`/review/api/submissions/${ids.get(name)}`)).json()) as { state: string; reasons: string[]; flags: string[] };
    expect(await decision('hair overridden + light warn')).toMatchObject({ state: 'approved', flags: ['hair.ears'] });
    expect(await decision('hair warn')).toMatchObject({ state: 'approved', flags: ['hair.ears'] });
    expect(await decision('all pass')).toMatchObject({ state: 'approved', flags: [] });
    expect(await decision('hair overridden, really over the ears')).toMatchObject({ state: 'rejected', reasons: ['hair.ears'], flags: [] });
    await page.close();
  });

  it('the admin page shows each rule\'s agreement, worst first, with a chart per rule, sortable, with CSV links', async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(`${service.url}/admin`);
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('link', { name: /检测与审核一致性/ }).click();
    await page.waitForURL(/\/admin\/agreement$/);
    await page.locator('#report tr[data-rule]').first().waitFor();
    expect(await page.locator('#summary').textContent()).toContain('4 条审核决定');
    const rows = page.locator('#report tr[data-rule]');
    // a row and a chart for every rule id of the spec
    expect(await rows.count()).toBe(RULE_IDS.length);
    expect(await page.locator('svg.chart').count()).toBe(RULE_IDS.length);

    // hair.ears: overridden twice (one upheld, one rejected), warned once, both approvals flagged; the
    // all-pass photo's booth did not report the rule
    const hair = page.locator('#report tr[data-rule="hair.ears"] td');
    expect(await rows.first().getAttribute('data-rule')).toBe('hair.ears');
    expect(await hair.allTextContents()).toEqual([
      'hair.ears头发遮挡了耳朵', '通过0警告1不合格0放行2', '50%', '100%', '0 / 0', '0 / 1', '0 / 0', '1 / 2', '2', '1 / 2 (50%)', '1',
    ]);
    // its chart: of the four bars (pass, warn, fail, overridden) only the last is part red, half of it
    const bars = await page.locator('svg.chart[data-rule="hair.ears"] rect').evaluateAll((rects) => rects.map((r) => ({ y: Number(r.getAttribute('y')), width: Number(r.getAttribute('width')), fill: r.getAttribute('fill') })));
    const red = bars.filter((b) => b.fill === '#c0392b');
    expect(red).toHaveLength(1);
    expect(red[0]!.y).toBe(Math.max(...bars.map((b) => b.y)));
    expect(red[0]!.width * 2).toBe(bars.find((b) => b.fill !== '#c0392b' && b.y === red[0]!.y)!.width);
    // next the rule the booth warned on; rules with nothing to learn from are greyed
    expect(await rows.nth(1).getAttribute('data-rule')).toBe('light.balance');
    expect(await page.locator('#report tr[data-rule="bg.color"]').getAttribute('class')).toBe('quiet');
    expect(await page.locator('#report tr[data-rule="light.balance"]').getAttribute('class')).toBe('');
    await page.screenshot({ path: 'test-output/agreement-admin.png', fullPage: false });

    const ruleHeader = page.locator('#report th[data-column="0"]');
    await ruleHeader.click();
    expect(await ruleHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await rows.first().getAttribute('data-rule')).toBe('bg.color');
    await page.locator('#report th[data-column="0"]').click();
    expect(await page.locator('#report th[data-column="0"]').getAttribute('aria-sort')).toBe('descending');
    expect(await rows.first().getAttribute('data-rule')).toBe('wear.necklace');

    // a booth filter narrows it; the CSV and export links carry the same filter
    const boothId = booth.sync.status().boothId!;
    await page.locator('select[name="boothId"]').selectOption(boothId);
    await page.getByRole('button', { name: /显示/ }).click();
    await expect.poll(() => page.locator('#csv').getAttribute('href')).toBe(`/api/v1/admin/agreement.csv?boothId=${boothId}`);
    expect(await page.locator('#export').getAttribute('href')).toBe(`/api/v1/admin/calibration-export.csv?boothId=${boothId}`);
    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), (await page.locator('#csv').getAttribute('href'))!);
    expect(csv.split('\r\n')[1]).toMatch(/^hair\.ears,4,0,0,0,1,0,0,1,1,0,1,2,0.5000,1.0000,1,1,0.5000$/);
    await page.close();
  });
});
