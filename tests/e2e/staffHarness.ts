// What the staff-screen browser tests share: one booth behind the web host with both the kiosk and
// the staff API, Debian Chromium with its fake camera, a kiosk page and a staff page side by side,
// and the camera file of an empty backdrop cut from a real studio portrait.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import type { BoothConfig } from '../../shared/api/boothApi.ts';
import { openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { buildRenderer } from '../../electron/booth/host/buildRenderer.ts';
import type { WebHost } from '../../electron/booth/host/webHost.ts';
import { serveBooth } from '../../electron/booth/host/serveBooth.ts';
import { modelsDir } from '../../scripts/models.ts';
import type { LanStaffHost } from '../../electron/booth/host/lanStaffHost.ts';
import { launchWithCamera } from '../../tools/headlessVision.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { OUTPUT_DIR, makeCameraFile, openKioskPage } from './kioskHarness.ts';

export interface StaffRig {
  booth: Booth;
  host: WebHost;
  /** the LAN listener (on loopback here), for the pairing QR */
  lan: LanStaffHost;
  browser: Browser;
  staff: Page;
  /** the kiosk page, opened on demand */
  kiosk(): Promise<Page>;
  close(): Promise<void>;
}

let rendererBuilt: Promise<string> | null = null;

export async function startStaffRig(cameraFile: string, config: Partial<BoothConfig> = {}): Promise<StaffRig> {
  rendererBuilt ??= buildRenderer(path.join(OUTPUT_DIR, 'renderer-web-staff'));
  const rendererDir = await rendererBuilt;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-staff-'));
  const booth = await openBooth({ appVersion: 'test', demo: true, dataDir, config, serviceUrl: 'http://127.0.0.1:5740' });
  const { host, lan, close: closeHosts } = await serveBooth(booth, {
    rendererDir, modelsDir, lan: { address: '127.0.0.1', port: 0, certDir: path.join(dataDir, 'lan-tls') },
  });
  if (!lan) throw new Error('the LAN staff listener did not start');
  const browser = await launchWithCamera(cameraFile);
  const staff = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  staff.on('pageerror', (error) => console.error('[staff page error]', error.message));
  await staff.goto(`${host.url}/staff`);
  await staff.waitForSelector('.staff[data-auth=locked]');
  let kioskPage: Page | null = null;
  return {
    booth, host, lan, browser, staff,
    async kiosk() {
      kioskPage ??= await openKioskPage(browser, host.url);
      return kioskPage;
    },
    async close() {
      await browser.close();
      await closeHosts();
      await booth.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The operator unlocks the staff screen with a PIN. */
export async function staffLogin(staff: Page, pin: string): Promise<void> {
  await staff.getByLabel('工作人员密码').fill(pin);
  await staff.getByRole('button', { name: '解锁' }).click();
}

export async function openView(staff: Page, view: string): Promise<void> {
  await staff.locator(`.staff-nav button[data-view=${view}]`).click();
  await staff.waitForSelector(`.staff-view[data-view=${view}]`);
}

/**
 * The empty backdrop beside and above test0's sitter (a plain grey studio backdrop with its real
 * gradient and noise): the left 22 %, top 30 % of the photo as a 640x480 frame.
 */
export async function emptyBackdropFrame(): Promise<Buffer> {
  const portrait = path.join(EVAL_DATA, 'portraits-hivision', 'test0.jpg');
  const meta = await sharp(portrait).metadata();
  const region = { left: 0, top: 0, width: Math.round((meta.width ?? 0) * 0.22), height: Math.round((meta.height ?? 0) * 0.3) };
  return sharp(portrait).extract(region).resize(640, 480, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer();
}

/** The same frame as a fake-camera .y4m (the kiosk harness's converter, the frame filling it at zoom 1). */
export async function emptyBackdropCamera(): Promise<string> {
  const still = path.join(OUTPUT_DIR, 'camera', 'empty-backdrop-test0.jpg');
  await mkdir(path.dirname(still), { recursive: true });
  await writeFile(still, await emptyBackdropFrame());
  return makeCameraFile(still, path.join(OUTPUT_DIR, 'camera', 'empty-backdrop-test0.y4m'), { zoom: 1 });
}
