// Payment at the kiosk end to end, in Debian Chromium through the web host, with the real review
// service (sandbox provider) on loopback: scan → verify → the payment QR → paid on the sandbox page
// opened from that QR (a second browser page, the student's phone) → posing within 2 s; the same code
// is not charged twice; cancel closes the order; and with the service down, a voucher from the booth's
// signed batch still works, and is reconciled once the service is back. The admin page issues batches.
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBoothHandlers } from '../../electron/booth/api/boothHandlers.ts';
import { openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { buildRenderer } from '../../electron/booth/host/buildRenderer.ts';
import { startWebHost, type WebHost } from '../../electron/booth/host/webHost.ts';
import { VOUCHER_SYNC_JOB } from '../../electron/booth/payment/voucherSyncJob.ts';
import { launchWithCamera } from '../../tools/headlessVision.ts';
import { DEMO_ROSTER } from '../../server/src/codes/simulatorResolver.ts';
import { closeDatabase, openDatabase } from '../../server/src/db/database.ts';
import { issueCodes, makeTempDir, removeDir, runTool, ServiceProcess, staffLogin } from '../integration/server-harness.ts';
import { OUTPUT_DIR, makeCameraFile, openKioskPage, scanWithWedge, screenshot, tapKeys } from './kioskHarness.ts';
import { readQrText } from '../qrPixels.ts';

const ADMIN_PASSWORD = 'kiosk payment admin';
const FEE = 1250;

/** students the booth offers a category for (本科) whose last 4 are digits only (the keypad has X too, but keep it plain) */
const STUDENTS = DEMO_ROSTER.map((s, index) => ({ ...s, index })).filter((s) => s.degreeCategory === '本科' && /^\d{4}$/.test(s.last4)).slice(0, 4);

let dataDir = '';
let service: ServiceProcess;
let servicePort = 0;
let admin: Awaited<ReturnType<typeof staffLogin>>;
let booth: Booth;
let boothDir = '';
let host: WebHost;
let browser: Browser;
let kiosk: Page;
let codes: { code: string; last4: string }[] = [];

async function serviceDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ dataDir });
  try {
    return await fn(opened.db);
  } finally {
    await closeDatabase(opened);
  }
}

/** scan, type the last 4 (resolved online by the service) and confirm the record: lands on consent */
async function reachConsent(student: number): Promise<void> {
  const { code, last4 } = codes[student]!;
  await scanWithWedge(kiosk, code);
  await kiosk.waitForSelector('[data-screen=verify]');
  await tapKeys(kiosk, last4);
  await kiosk.getByRole('button', { name: '确认' }).click();
  await kiosk.waitForSelector('[data-screen=confirm]');
  await kiosk.getByRole('button', { name: '信息正确，下一步' }).click();
  await kiosk.waitForSelector('[data-screen=consent]');
}

async function reachPay(student: number): Promise<void> {
  await reachConsent(student);
  await kiosk.getByRole('button', { name: '同意并开始拍照' }).click();
  await kiosk.waitForSelector('[data-screen=pay]');
}

/** reads the QR on the kiosk screen the way a phone camera would: from its pixels */
async function readPayQr(): Promise<string> {
  const text = await readQrText(await kiosk.locator('[data-testid=pay-qr]').screenshot());
  if (!text) throw new Error('no QR code readable on the pay screen');
  return text;
}

async function startService(port: number): Promise<void> {
  service = new ServiceProcess({ DATA_DIR: dataDir, PORT: String(port), PAYMENT_PROVIDER: 'sandbox' });
  await service.start();
  servicePort = service.port;
}

beforeAll(async () => {
  dataDir = await makeTempDir('kiosk-payment-service');
  await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { DATA_DIR: dataDir, ADMIN_PASSWORD });
  await startService(0);
  admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
  codes = [];
  for (const s of STUDENTS) codes.push(...(await issueCodes(undefined, dataDir, 1, s.index)));

  const enrollment = (await (await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'e2e pay booth', school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'online' }) })).json()) as { code: string };
  boothDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-pay-booth-'));
  booth = await openBooth({ appVersion: 'test', demo: true, dataDir: boothDir, serviceUrl: service.url, config: { payment: { mode: 'free', priceLabel: null, amountFen: FEE } } });
  await booth.runtime.sync.enroll(service.url, enrollment.code, 'e2e pay booth');
  expect(booth.staff.config().payment).toEqual({ mode: 'online', priceLabel: null, amountFen: FEE });

  // an empty backdrop: posing never captures by itself, so each test leaves it with 结束
  const camera = await makeCameraFile(null, path.join(OUTPUT_DIR, 'camera', 'empty-backdrop-payment.y4m'));
  const rendererDir = await buildRenderer(path.join(OUTPUT_DIR, 'renderer-web-payment'));
  host = await startWebHost({ handlers: createBoothHandlers(booth.ports), rendererDir });
  browser = await launchWithCamera(camera);
  kiosk = await openKioskPage(browser, host.url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await booth?.close();
  await service?.stop();
  if (boothDir) await rm(boothDir, { recursive: true, force: true });
  if (dataDir) await removeDir(dataDir);
});

describe('paying at the kiosk', () => {
  test('the QR on the pay screen opens the sandbox page; paying there moves the kiosk on to posing', async () => {
    await reachPay(0);
    await kiosk.waitForSelector('.pay[data-mode=online] [data-testid=pay-qr] svg');
    expect(await kiosk.getByTestId('pay-amount').textContent()).toContain('¥12.50');
    expect(await kiosk.getByTestId('pay-countdown').textContent()).toMatch(/二维码 (9|10):\d\d 后失效/);
    await screenshot(kiosk, 'pay-01-online-qr');
    const url = await readPayQr();
    expect(url).toMatch(new RegExp(`^${service.url}/pay/sandbox/[0-9A-Z]{26}$`));

    const phone = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await phone.goto(url);
    expect(await phone.textContent('body')).toContain('¥12.50');
    await phone.getByRole('button', { name: /模拟支付/ }).click();
    await phone.waitForSelector('.done');
    const seenAt = Date.now();
    await kiosk.waitForSelector('[data-screen=posing]', { timeout: 10_000 });
    // the 2 s target is the screen's poll (PayScreen POLL_MS) plus one booth → service round trip; a
    // loaded CI machine must not fail the flow on it, so the figure is printed, not asserted
    console.log(`pay screen moved on ${Date.now() - seenAt} ms after the service saw the payment`);
    await phone.close();
    await screenshot(kiosk, 'pay-02-paid-posing');
    const orderId = url.split('/').at(-1)!;
    const order = await serviceDb((db) => db.selectFrom('payment_orders').select(['state', 'amount_fen', 'booth_id']).where('id', '=', orderId).executeTakeFirstOrThrow());
    expect(order).toEqual({ state: 'paid', amount_fen: FEE, booth_id: booth.runtime.sync.status().boothId });
    await kiosk.getByRole('button', { name: '结束' }).click();
    await kiosk.waitForSelector('[data-screen=attract]');
  });

  test('the same student coming back is not charged again: the pay step passes by itself', async () => {
    await reachConsent(0);
    await kiosk.getByRole('button', { name: '同意并开始拍照' }).click();
    await kiosk.waitForSelector('[data-screen=posing]');
    await kiosk.getByRole('button', { name: '结束' }).click();
    await kiosk.waitForSelector('[data-screen=attract]');
  });

  test('cancel on the pay screen closes the order: its QR can no longer be paid', async () => {
    await reachPay(1);
    await kiosk.waitForSelector('[data-testid=pay-qr] svg');
    const url = await readPayQr();
    await kiosk.getByRole('button', { name: '取消' }).click();
    await kiosk.waitForSelector('[data-screen=attract]');
    const orderId = url.split('/').at(-1)!;
    await expect.poll(() => serviceDb(async (db) => (await db.selectFrom('payment_orders').select('state').where('id', '=', orderId).executeTakeFirstOrThrow()).state)).toBe('closed');
    const phone = await browser.newPage();
    await phone.goto(url);
    expect(await phone.textContent('body')).toContain('订单已关闭');
    await phone.close();
  });

  test('an admin issues a voucher batch for the booth on the admin page and sees it listed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${service.url}/admin`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForSelector('#batchBooth option', { state: 'attached' });
    const boothId = booth.runtime.sync.status().boothId!;
    await page.selectOption('#batchBooth', boothId);
    await page.fill('#newBatch input[name=count]', '4');
    await page.fill('#newBatch input[name=valueFen]', '1250');
    await page.getByRole('button', { name: 'Issue 发放' }).click();
    await page.waitForSelector('#out:has-text("The codes are shown only now")');
    const printed = (await page.textContent('#out'))!.match(/[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/g);
    expect(printed).toHaveLength(4);
    const row = page.locator('#batches tr', { hasText: 'e2e pay booth' }).first();
    await expect.poll(() => row.textContent()).toContain('¥12.50');
    await screenshot(page, 'pay-05-admin-voucher-batch');
    await page.close();
  });

  test('when the network drops before paying, the pay screen says why and takes a voucher from the booth\'s signed batch, reconciled once the service is back', async () => {
    const boothId = booth.runtime.sync.status().boothId!;
    const issued = (await (await admin('/admin/api/voucher-batches', { method: 'POST', body: JSON.stringify({ boothId, count: 3, valueFen: FEE, validDays: 30 }) })).json()) as { codes: string[] };
    booth.runtime.queue.enqueue(VOUCHER_SYNC_JOB, {}, { dedupeKey: VOUCHER_SYNC_JOB });
    // with the admin page's batch from the test before, the booth holds two
    await expect.poll(() => (booth.store.config.get<{ batches: unknown[] } | null>('payment.voucherBatches', null)?.batches.length ?? 0), { timeout: 15_000 }).toBe(2);

    // verified online, then the service goes away before the student reaches the pay screen
    await reachConsent(2);
    const port = servicePort;
    await service.stop();
    await kiosk.getByRole('button', { name: '同意并开始拍照' }).click();
    await kiosk.waitForSelector('.pay[data-mode=voucher] .error[data-error=online_unavailable]');
    expect(await kiosk.locator('.error[data-error=online_unavailable]').textContent()).toContain('网络暂时不可用');
    expect(await kiosk.locator('[data-testid=pay-qr]').count()).toBe(0);
    await screenshot(kiosk, 'pay-03-offline-voucher');
    for (const key of 'WRNG12') await kiosk.locator('.keypad .key', { hasText: new RegExp(`^${key}$`) }).click();
    await kiosk.getByRole('button', { name: '兑换' }).click();
    await kiosk.waitForSelector('.error[data-error=voucher_mistyped]');
    for (let i = 0; i < 6; i++) await kiosk.getByRole('button', { name: '删除' }).click();
    // a scanner types the printed code (with its dashes) and Enter
    await kiosk.keyboard.type(issued.codes[0]!);
    await kiosk.keyboard.press('Enter');
    await kiosk.waitForSelector('[data-screen=posing]');
    await kiosk.getByRole('button', { name: '结束' }).click();
    await kiosk.waitForSelector('[data-screen=attract]');

    // back online: the sync job, retrying with the queue's backoff through the outage, reports the redemption
    await startService(port);
    booth.runtime.queue.enqueue(VOUCHER_SYNC_JOB, {}, { dedupeKey: VOUCHER_SYNC_JOB });
    await expect.poll(() => serviceDb(async (db) => (await db.selectFrom('voucher_redemptions').select('verdict').where('booth_id', '=', boothId).execute()).map((r) => r.verdict)), { timeout: 90_000 }).toEqual(['accepted']);
  });
});
