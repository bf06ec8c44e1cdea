// The live guidance's camera frames: the kiosk reads a small copy of each frame from its YUV planes
// (renderer/vision/videoFrameSampler.ts) instead of Chromium's full-size conversion; in Debian
// Chromium with a real portrait as the camera, the copy shows the same picture as Chromium's own scaling.
import { createServer, type Server } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchWithCamera } from '../../tools/headlessVision.ts';
import { makeCameraFile, OUTPUT_DIR, PORTRAITS } from './kioskHarness.ts';
import type { SampledFrames } from './videoFramePage.ts';

const pageDir = path.join(OUTPUT_DIR, 'video-frame-page');
let server: Server;
let browser: Browser;
let url = '';

beforeAll(async () => {
  await mkdir(pageDir, { recursive: true });
  await build({ entryPoints: [path.join(import.meta.dirname, 'videoFramePage.ts')], outfile: path.join(pageDir, 'page.js'), bundle: true, format: 'esm', target: 'chrome120', logLevel: 'error' });
  server = createServer((request, response) => {
    if (request.url === '/page.js') void readFile(path.join(pageDir, 'page.js')).then((js) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(js));
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  // 1600x1200: the sampler takes one pixel block in five, as it does for 640 px from a 12 MP camera
  const camera = await makeCameraFile(path.join(PORTRAITS, 'test1.jpg'), path.join(OUTPUT_DIR, 'camera', 'portrait-test1-1600.y4m'), { zoom: 1.1, frames: 1, width: 1600, height: 1200 });
  browser = await launchWithCamera(camera);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('camera frames for the live guidance', () => {
  test('the small copy of a camera frame shows the picture Chromium\'s own scaling shows', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => typeof window.sampleCamera === 'function');
    const frames: SampledFrames = await page.evaluate(() => window.sampleCamera(320));
    expect(frames.camera).toEqual({ width: 1600, height: 1200 });
    expect([frames.width, frames.height]).toEqual([320, 240]);
    // mean difference per colour channel when the copy is compared `shift` pixels to the right
    const meanDifference = (shift: number): number => {
      let sum = 0, count = 0;
      for (let y = 0; y < frames.height; y++) {
        for (let x = 0; x + shift < frames.width; x++) {
          for (let c = 0; c < 3; c++) {
            sum += Math.abs(frames.sampled[(y * frames.width + x) * 4 + c]! - frames.chromium[(y * frames.width + x + shift) * 4 + c]!);
            count++;
          }
        }
      }
      return sum / count;
    };
    // the same picture: a few levels apart on average (different filters), and far closer than
    // the same comparison four pixels off, so a shifted, flipped or recoloured copy would fail
    expect(meanDifference(0)).toBeLessThan(4);
    expect(meanDifference(0)).toBeLessThan(meanDifference(4) / 2);
    // the neutral grey backdrop in the top-left corner stays neutral and as bright as Chromium shows it
    const [r, g, b] = frames.sampled;
    expect(Math.max(r!, g!, b!) - Math.min(r!, g!, b!)).toBeLessThanOrEqual(2);
    expect(Math.abs(r! - frames.chromium[0]!)).toBeLessThanOrEqual(2);
    console.log(`sampled ${frames.width}x${frames.height} from ${frames.camera.width}x${frames.camera.height} in ${frames.sampleMs.toFixed(1)} ms; mean difference ${meanDifference(0).toFixed(2)} levels (${meanDifference(4).toFixed(2)} four pixels off)`);
  });
});
