// The booth's memory through one student session with a 12 MP still: the booth in its own Node
// process (what the Electron main process runs: openBooth + the web host) and the kiosk page in
// Chromium with a 4000x3000 fake camera showing a real portrait: scan → verify → posing with live
// guidance → capture → review → submit. Prints `bench: booth_pss_mb` (PSS summed over the booth's
// processes at the session's peak, each process on the lines below) and `bench: booth_rss_mb` (sum
// of per-process RSS peaks, which counts shared pages once per process: kept for comparison).
import { DEMO_ROSTER } from '../electron/booth/api/inMemoryResolver.ts';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildRenderer } from '../electron/booth/host/buildRenderer.ts';
import { CHROMIUM_PATH, launchWithCamera } from '../tools/headlessVision.ts';
import { EVAL_DATA } from '../tools/evalData.ts';
import { makeCameraFile, OUTPUT_DIR, openKioskPage, reachPosing } from '../tests/e2e/kioskHarness.ts';
import { descendants, isChromium, MemorySampler, processLabel } from './processMemory.ts';

const [WIDTH, HEIGHT] = [4000, 3000];
// a real 2160x2880 portrait (frontal, level: the still is accepted), filling the 3000 px frame height
const PORTRAIT = path.join(EVAL_DATA, 'portraits-more', 'ToTheBeginning__PuLID__pengwei.jpg');
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
// one frame looped: the fake camera maps the whole file, which a real camera does not
const camera = await makeCameraFile(PORTRAIT, path.join(OUTPUT_DIR, 'camera', `portrait-12mp.y4m`), { zoom: 1, frames: 1, width: WIDTH, height: HEIGHT });
const rendererDir = await buildRenderer(path.join(OUTPUT_DIR, 'renderer-web'));
const dataDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-bench-booth-'));

const booth = spawn(process.execPath, [path.join(import.meta.dirname, 'boothProcess.ts')], {
  // MALLOC_ARENA_MAX as docs/kiosk.md's start-on-boot unit sets it (libvips' threads otherwise keep their own glibc arenas)
  env: { ...process.env, MALLOC_ARENA_MAX: '2', BOOTH_RENDERER_DIR: rendererDir, BOOTH_DATA_DIR: dataDir, BOOTH_CAMERA: `${WIDTH}x${HEIGHT}` },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const boothUrl = await new Promise<string>((resolve, reject) => {
  let out = '';
  booth.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const found = /listening on (http:\/\/\S+)/.exec(out);
    if (found?.[1]) resolve(found[1]);
  });
  booth.once('exit', (code) => reject(new Error(`the booth process exited with ${code}`)));
});

const boothPid = booth.pid!;
// the booth process and every Chromium process (not this driver, nor a bundler's helper)
const boothPids = (): number[] => [boothPid, ...descendants(boothPid), ...descendants(process.pid).filter(isChromium)];
const label = (pid: number): string => (pid === boothPid ? 'booth main (node)' : processLabel(pid));
// Chromium's content layer without the browser's own UI (omnibox pages, spare renderer), as in
// Electron; Debian's full Chromium where the headless shell is not installed
const kioskChromium = existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : CHROMIUM_PATH;
const browser = await launchWithCamera(camera, kioskChromium);
const sampler = new MemorySampler(boothPids, label);
try {
  const page = await openKioskPage(browser, boothUrl);
  await reachPosing(page, DEMO_ROSTER[0]!);
  const stream = await page.waitForFunction(() => {
    const video = document.querySelector('video');
    return video && video.videoWidth > 0 ? `${video.videoWidth}x${video.videoHeight}` : null;
  }, null, { timeout: 30_000 });
  const mode = await stream.jsonValue();
  if (mode !== `${WIDTH}x${HEIGHT}`) throw new Error(`the kiosk streams ${mode}, not the ${WIDTH}x${HEIGHT} the benchmark is about`);
  // live guidance until the automatic capture, or the shutter if the pose never turns all green
  await page.waitForSelector('.posing:not([data-hint=loading])', { timeout: 60_000 });
  const automatic = await page.waitForSelector('.capturing', { timeout: 20_000 }).then(() => true, () => false);
  if (!automatic) await page.getByRole('button', { name: '拍照' }).click();
  const shutter = performance.now();
  await page.waitForSelector('[data-screen=review]', { timeout: 90_000 });
  const captureMs = performance.now() - shutter;
  await page.waitForTimeout(2000);
  if (await page.getByRole('button', { name: '满意，提交' }).count()) {
    await page.getByRole('button', { name: '满意，提交' }).click();
  } else {
    await page.getByRole('button', { name: '工作人员处理' }).click();
    await page.getByRole('button', { name: '工作人员放行并提交' }).click();
  }
  await page.waitForSelector('[data-screen=done]', { timeout: 30_000 });
  await page.waitForTimeout(2000);
  sampler.stop();

  const { totalMb, processes } = sampler.peak;
  console.log(`bench: booth_pss_mb ${totalMb.toFixed(0)} MB (${WIDTH}x${HEIGHT} still; peak of the sum over the session; kiosk in ${path.basename(kioskChromium)})`);
  for (const p of [...processes].sort((a, b) => b.pssMb - a.pssMb)) console.log(`  ${p.label} (pid ${p.pid}): ${p.pssMb.toFixed(0)} MB`);
  console.log(`bench: booth_capture_to_review_ms ${captureMs.toFixed(0)} ms (${automatic ? 'automatic capture' : 'shutter'} to the review screen)`);
  const nodeRss = sampler.peakRssMb((pid) => pid === boothPid);
  const chromiumRss = sampler.peakRssMb((pid) => pid !== boothPid);
  console.log(`bench: booth_rss_node_mb ${nodeRss.toFixed(0)} MB (the booth process)`);
  console.log(`bench: booth_rss_chromium_mb ${chromiumRss.toFixed(0)} MB (kiosk page, sum of per-process peaks)`);
  console.log(`bench: booth_rss_mb ${(nodeRss + chromiumRss).toFixed(0)} MB`);
} finally {
  sampler.stop();
  await browser.close();
  booth.kill('SIGTERM');
  await new Promise((resolve) => booth.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
