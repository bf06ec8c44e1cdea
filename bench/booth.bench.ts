// The booth's memory through one student session: the web host booth (what the Electron main
// process runs) and the kiosk page in Chromium with a fake camera, scan → verify → posing with live
// guidance → automatic capture → standardized review. Prints `bench: booth_rss_mb`.
import path from 'node:path';
import { DEMO_ROSTER } from '../electron/booth/api/inMemoryResolver.ts';
import { OUTPUT_DIR, reachPosing, seatedCamera, startKiosk } from '../tests/e2e/kioskHarness.ts';
import { EVAL_DATA } from '../tools/evalData.ts';
import { descendantsPeakRssMb } from './processMemory.ts';

const student = DEMO_ROSTER[0]!;
// an ID-photo student the live guide passes: the session runs to the automatic capture
const seated = await seatedCamera(path.join(EVAL_DATA, 'portraits-more', 'wangling1820__IDPhotos__image.jpg'), path.join(OUTPUT_DIR, 'camera', 'seated-wangling.y4m'));
if (!seated.ok) throw new Error(`the bench's portrait cannot be seated: ${seated.reason}`);
const rig = await startKiosk(seated.file);
try {
  const { page } = rig;
  await reachPosing(page, student);
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
