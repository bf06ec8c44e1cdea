// What the kiosk end-to-end tests share: a fake-camera .y4m made from the eval portraits, the web
// host with the booth handlers, and Debian Chromium with its camera fed from that file.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import type { BoothConfig } from '../../shared/api/boothApi.ts';
import { createBoothHandlers } from '../../electron/booth/api/boothHandlers.ts';
import type { SessionState } from '../../electron/booth/api/boothPorts.ts';
import { openBooth } from '../../electron/booth/openBooth.ts';
import type { BoothStore } from '../../electron/booth/store/boothStore.ts';
import { buildRenderer } from '../../electron/booth/host/buildRenderer.ts';
import { projectRoot } from '../../electron/booth/host/projectRoot.ts';
import { startWebHost, type WebHost } from '../../electron/booth/host/webHost.ts';
import { launchWithCamera } from '../../tools/headlessVision.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { CAMERA_HEIGHT, CAMERA_WIDTH, OVAL_SEATING, portraitMeasures, seat, seatedFrame, type Seating } from './seatedStudent.ts';

export const PORTRAITS = path.join(EVAL_DATA, 'portraits-hivision');
export const OUTPUT_DIR = path.join(projectRoot, 'test-output');
export const SCREENSHOTS = path.join(OUTPUT_DIR, 'screenshots');

/**
 * A 4:2:0 .y4m for Chromium's fake camera (640x480 unless told): the portrait at `zoom` times the
 * frame height, top-aligned and centred on a grey backdrop (a seated student close enough for a
 * 640x480 still), or the empty backdrop.
 */
export async function makeCameraFile(portrait: string | null, file: string, options: { zoom?: number; frames?: number; qrText?: string; width?: number; height?: number } = {}): Promise<string> {
  const { zoom = 1.25, frames = 30, qrText, width: frameWidth = CAMERA_WIDTH, height: frameHeight = CAMERA_HEIGHT } = options;
  const backdrop = { r: 200, g: 200, b: 200 };
  let image = sharp({ create: { width: frameWidth, height: frameHeight, channels: 3, background: backdrop } });
  if (qrText) {
    // a phone screen held up to the camera: the QR on white, a third of the frame high
    const qr = await QRCode.toBuffer(qrText, { errorCorrectionLevel: 'M', margin: 4, width: 200 });
    image = image.composite([{ input: qr, gravity: 'centre' }]);
  } else if (portrait) {
    const scaled = await sharp(portrait).rotate().resize({ height: Math.round(frameHeight * zoom) }).toBuffer({ resolveWithObject: true });
    const width = Math.min(scaled.info.width, frameWidth);
    const height = Math.min(scaled.info.height, frameHeight);
    const person = await sharp(scaled.data).extract({ left: Math.round((scaled.info.width - width) / 2), top: 0, width, height }).toBuffer();
    image = image.composite([{ input: person, gravity: 'north' }]);
  }
  const { data } = await sharp(await image.png().toBuffer()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return writeCameraFile(data, file, frames, { width: frameWidth, height: frameHeight });
}

/** The fake-camera file of `portrait` seated as a student (seatedStudent.ts), or why it cannot be seated so. */
export async function seatedCamera(portrait: string, file: string, seating: Seating = OVAL_SEATING): Promise<{ ok: true; file: string } | { ok: false; reason: string }> {
  const measures = portraitMeasures((await analyzeFiles([portrait])).get(portrait)!);
  const framing = 'skip' in measures ? { ok: false as const, reason: measures.skip } : seat(measures, seating);
  if (!framing.ok) return framing;
  return { ok: true, file: await writeCameraFile(await seatedFrame(portrait, framing), file) };
}

/**
 * A 30 fps 4:2:0 .y4m of `frames` copies of one RGB frame (CAMERA_WIDTH x CAMERA_HEIGHT unless told),
 * in the limited-range BT.601 that Chromium's fake camera decodes it as (full-range values came back
 * with their contrast stretched by 16 %: highlights blown, shadows crushed).
 */
export async function writeCameraFile(rgb: Buffer, file: string, frames = 30, size = { width: CAMERA_WIDTH, height: CAMERA_HEIGHT }): Promise<string> {
  const w = size.width, h = size.height;
  if (rgb.length !== w * h * 3) throw new RangeError(`a camera frame is ${w}x${h} RGB (${w * h * 3} bytes), got ${rgb.length} bytes`);
  const y = Buffer.alloc(w * h), u = Buffer.alloc((w / 2) * (h / 2)), v = Buffer.alloc((w / 2) * (h / 2));
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      const i = (row * w + col) * 3;
      const r = rgb[i] ?? 0, g = rgb[i + 1] ?? 0, b = rgb[i + 2] ?? 0;
      y[row * w + col] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
      if (row % 2 === 0 && col % 2 === 0) {
        const c = (row / 2) * (w / 2) + col / 2;
        u[c] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
        v[c] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
      }
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]));
  return file;
}

export interface KioskRig {
  host: WebHost;
  store: BoothStore;
  /** every session state the booth recorded, in order */
  transitions: SessionState[];
  /** the ids of the sessions the booth started, in order */
  sessionIds: string[];
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

let rendererBuilt: Promise<string> | null = null;

/** The kiosk page of the web host at `hostUrl`, on its start screen, with page errors on the console. */
export async function openKioskPage(browser: Browser, hostUrl: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => console.error('[kiosk page error]', error.message));
  await page.goto(hostUrl + '/');
  await page.waitForSelector('.kiosk[data-screen=attract]');
  return page;
}

/** The booth's operator PIN in these tests: the documented initial PIN authorises no override. */
export const OPERATOR_PIN = '480913';

/** Web host + Chromium with the given fake camera file; the renderer is built once per process. */
export async function startKiosk(cameraFile: string, config: Partial<BoothConfig> = {}): Promise<KioskRig> {
  rendererBuilt ??= buildRenderer(path.join(OUTPUT_DIR, 'renderer-web'));
  const rendererDir = await rendererBuilt;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-booth-'));
  const booth = await openBooth({ appVersion: 'test', demo: true, dataDir, config, serviceUrl: 'http://127.0.0.1:5740', initialStaffPin: OPERATOR_PIN });
  const transitions: SessionState[] = [];
  const sessionIds: string[] = [];
  const recorded = booth.ports.sessions;
  const ports = { ...booth.ports, sessions: {
    ...recorded,
    start: (id: string) => {
      recorded.start(id);
      sessionIds.push(id);
    },
    moveTo: async (...args: Parameters<typeof recorded.moveTo>) => {
      await recorded.moveTo(...args);
      transitions.push(args[1]);
    },
  } };
  const host = await startWebHost({ handlers: createBoothHandlers(ports), rendererDir });
  const browser = await launchWithCamera(cameraFile);
  const page = await openKioskPage(browser, host.url);
  return {
    host, store: booth.store, transitions, sessionIds, browser, page,
    async close() {
      await browser.close();
      await host.close();
      await booth.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A keyboard-wedge scanner: one keydown per character and Enter, back to back as a USB scanner
 * sends them. Dispatched inside the page in one go: key events sent one by one from the test
 * process arrive with gaps set by the CPU load of the test machine, not by the scanner.
 */
export async function scanWithWedge(page: Page, code: string): Promise<void> {
  await page.evaluate((text) => {
    for (const key of [...text, 'Enter']) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }, code);
}

/** A demo student scans, verifies and passes the record and consent screens of a free booth: lands on posing. */
export async function reachPosing(page: Page, student: { code: string; last4: string }): Promise<void> {
  await scanWithWedge(page, student.code);
  await page.waitForSelector('[data-screen=verify]');
  await tapKeys(page, student.last4);
  await page.getByRole('button', { name: '确认' }).click();
  await page.waitForSelector('[data-screen=confirm]');
  await page.getByRole('button', { name: '信息正确，下一步' }).click();
  await page.getByRole('button', { name: '同意并开始拍照' }).click();
  await page.waitForSelector('[data-screen=posing]');
}

/** One change seen on the kiosk page while the live guide runs, at page time `t` (ms). */
export interface GuideMoment {
  t: number;
  screen: string | null;
  /** the top hint (data-hint): an id, 'ok' when all green, 'loading' */
  hint: string | null;
  stall: string | null;
  capturing: boolean;
  error: string | null;
  /** ids of the hints shown not ok */
  failing: string[];
}

/** From now on, records every change of screen, hints, stall, capture overlay and error on the page. */
export async function recordGuide(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { guideMoments: GuideMoment[] };
    w.guideMoments = [];
    const snapshot = (): GuideMoment => {
      const posing = document.querySelector('.posing');
      return {
        t: performance.now(),
        screen: document.querySelector('.kiosk')?.getAttribute('data-screen') ?? null,
        hint: posing?.getAttribute('data-hint') ?? null,
        stall: posing?.getAttribute('data-stall') ?? null,
        capturing: document.querySelector('.capturing') !== null,
        error: document.querySelector('.error[data-error]')?.getAttribute('data-error') ?? null,
        failing: [...document.querySelectorAll('.hint-list li.bad')].map((li) => li.getAttribute('data-id') ?? '?'),
      };
    };
    const push = () => {
      const now = snapshot();
      if (JSON.stringify({ ...w.guideMoments[w.guideMoments.length - 1], t: 0 }) !== JSON.stringify({ ...now, t: 0 })) w.guideMoments.push(now);
    };
    push();
    new MutationObserver(push).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

export const guideMoments = (page: Page): Promise<GuideMoment[]> => page.evaluate(() => (window as unknown as { guideMoments: GuideMoment[] }).guideMoments);

/**
 * Watches the live guide (recordGuide first) until the booth starts a capture by itself or
 * `windowMs` have passed since its first hint; the page time of that capture, or null.
 */
export async function watchGuide(page: Page, windowMs: number): Promise<number | null> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const moments = await guideMoments(page);
    const captured = moments.find((m) => m.capturing);
    if (captured) return captured.t;
    const firstHint = moments.find((m) => m.hint && m.hint !== 'loading');
    if (firstHint && (await page.evaluate(() => performance.now())) - firstHint.t > windowMs) return null;
    if (Date.now() > deadline) throw new Error('the live guide gave no hint within a minute');
    await page.waitForTimeout(200);
  }
}

/** Ends the session from the review screen (a retake first) or the posing screen: back on attract. */
export async function endSession(page: Page): Promise<void> {
  if ((await screenOf(page)) === 'review') await page.getByRole('button', { name: '重拍' }).click();
  await page.getByRole('button', { name: '结束' }).click();
  await page.waitForSelector('[data-screen=attract]');
}

export async function tapKeys(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.locator('.keypad .key', { hasText: new RegExp(`^${d}$`) }).click();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

export const screenOf = (page: Page): Promise<string | null> => page.locator('.kiosk').getAttribute('data-screen');
