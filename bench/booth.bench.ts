// The booth's memory through one student session: the web host booth (what the Electron main
// process runs) and the kiosk page in Chromium with a fake camera, scan → verify → posing with live
// guidance → automatic capture → standardized review. Prints `bench: booth_rss_mb`.
import path from 'node:path';
import { makeCameraFile, OUTPUT_DIR, PORTRAITS, reachPosing, startKiosk } from '../tests/e2e/kioskHarness.ts';
import { descendantsPeakRssMb } from './processMemory.ts';

const camera = await makeCameraFile(path.join(PORTRAITS, 'test1.jpg'), path.join(OUTPUT_DIR, 'camera', 'portrait-test1.y4m'), { zoom: 1.1 });
const rig = await startKiosk(camera);
try {
  const { page } = rig;
  await reachPosing(page);
  // live guidance runs until the automatic capture; the review screen shows the standardized photo
  await page.waitForSelector('[data-screen=review]', { timeout: 60_000 });
  await page.waitForTimeout(2000);
  const node = process.resourceUsage().maxRSS / 1024;
  const chromium = descendantsPeakRssMb(process.pid);
  console.log(`bench: booth_rss_node_mb ${node.toFixed(0)} MB (web host booth + test driver)`);
  console.log(`bench: booth_rss_chromium_mb ${chromium.toFixed(0)} MB (kiosk page, sum of per-process peaks)`);
  console.log(`bench: booth_rss_mb ${(node + chromium).toFixed(0)} MB`);
} finally {
  await rig.close();
}
