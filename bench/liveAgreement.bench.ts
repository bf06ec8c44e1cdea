// Live guide vs the still: every shared portrait that fits the kiosk's framing, seated as a student
// at the oval's distance (tests/e2e/seatedStudent.ts) and played through Chromium's fake camera into
// a real kiosk session. A portrait cannot follow a hint, so each run ends at a capture or after
// RUN_WINDOW_MS under the guide; a held portrait is then shot with the manual shutter to see what the
// still says. Prints one line per portrait and
//   bench: live_surprise_rate    — captures after an all-green guide that the engine refused or the
//                                  review screen blocked, over those captures
//   bench: live_time_to_capture_p50 — posing screen to automatic capture, over those captures
//   bench: live_false_hold_rate  — held portraits whose still had nothing wrong with what held them
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_ROSTER } from '../electron/booth/api/inMemoryResolver.ts';
import { analyzeFiles } from '../tools/analysisCache.ts';
import { EVAL_DATA } from '../tools/evalData.ts';
import { OUTPUT_DIR, endSession, guideMoments, makeCameraFile, reachPosing, recordGuide, seatedCamera, startKiosk, watchGuide } from '../tests/e2e/kioskHarness.ts';
import { REFUSAL_HINT_IDS } from '../renderer/vision/liveHints.ts';

/**
 * The first live parse (0.5 s idle, 1–3 s on a loaded machine), the guide's hold (1 s) and countdown
 * (3 s) with room to spare: a portrait not captured by then is held.
 */
const RUN_WINDOW_MS = 10_000;
const RESULT_TIMEOUT_MS = 60_000;
const student = DEMO_ROSTER[0]!;

/** hivision and portraits-more whole; of booth-rules-dev the photos labelled head-and-shoulders (the rest are face crops). */
async function sharedPortraits(): Promise<string[]> {
  const files: string[] = [];
  for (const set of ['portraits-hivision', 'portraits-more']) {
    const names = (await readdir(path.join(EVAL_DATA, set))).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort();
    files.push(...names.map((n) => path.join(EVAL_DATA, set, n)));
  }
  const [header, ...rows] = (await readFile(path.join(EVAL_DATA, 'booth-rules-dev', 'labels.csv'), 'utf8')).trim().split('\n');
  const column = header!.split(',').indexOf('shoulders_in_frame');
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[column] === '1') files.push(path.join(EVAL_DATA, 'booth-rules-dev', cells[0]!));
  }
  return files;
}

type Outcome = { kind: 'accepted' } | { kind: 'blocked'; rules: string[] } | { kind: 'refused'; reason: string };

/** After a capture started: the review screen's failures, or the engine's refusal shown back on posing. */
async function outcomeOf(page: Page, since: number): Promise<Outcome> {
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const after = (await guideMoments(page)).filter((m) => m.t > since);
    if (after.some((m) => m.screen === 'review')) {
      const rules = await page.locator('[data-testid=verdicts] li.fail').evaluateAll((items) => items.map((li) => li.getAttribute('data-rule') ?? '?'));
      return rules.length ? { kind: 'blocked', rules } : { kind: 'accepted' };
    }
    const refused = after.find((m) => m.screen === 'posing' && m.error && !m.capturing);
    if (refused?.error) return { kind: 'refused', reason: refused.error };
    await page.waitForTimeout(200);
  }
  throw new Error('no review screen and no refusal within a minute of the capture');
}

interface Run {
  name: string;
  /** top hints while the guide ran (before any capture), in order of appearance */
  hints: string[];
  autoCaptureMs: number | null;
  outcome: Outcome;
}

async function runPortrait(page: Page, name: string): Promise<Run> {
  await reachPosing(page, student);
  await recordGuide(page);
  const start = (await guideMoments(page))[0]!.t;
  const capturedAt = await watchGuide(page, RUN_WINDOW_MS);
  const hints = [...new Set((await guideMoments(page)).filter((m) => !m.capturing && m.hint && m.hint !== 'loading').map((m) => m.hint!))];
  const shotAt = capturedAt ?? (await page.evaluate(() => performance.now()));
  if (capturedAt === null) await page.locator('button.shutter').click();
  const outcome = await outcomeOf(page, shotAt - 1);
  await endSession(page);
  return { name, hints, autoCaptureMs: capturedAt === null ? null : capturedAt - start, outcome };
}

const describe = (o: Outcome): string => (o.kind === 'accepted' ? 'accepted' : o.kind === 'blocked' ? `review blocks ${o.rules.join(',')}` : `refused ${o.reason}`);
/** What the still said of what held the portrait: the same refusal or the held rule failing (confirmed), something else wrong (other), or nothing (false). */
function holdVerdict(hint: string, o: Outcome): 'hold confirmed' | 'held, the still failed otherwise' | 'FALSE HOLD' {
  if (o.kind === 'accepted') return 'FALSE HOLD';
  const same = o.kind === 'refused' ? Object.entries(REFUSAL_HINT_IDS).some(([reason, id]) => id === hint && reason === o.reason) : o.rules.includes(hint);
  return same ? 'hold confirmed' : 'held, the still failed otherwise';
}

const portraits = await sharedPortraits();
// every portrait's analysis up front (cached on disk), so no second vision runtime runs beside the kiosk
await analyzeFiles(portraits);
const cameraFile = path.join(OUTPUT_DIR, 'camera', 'live-agreement.y4m');
// Chromium reads its fake camera's file each time a page opens the camera: one kiosk plays them all
const rig = await startKiosk(await makeCameraFile(null, cameraFile));
const runs: Run[] = [];
const skipped: string[] = [];
const t0 = Date.now();
try {
  for (const file of portraits) {
    const name = path.basename(file);
    const seated = await seatedCamera(file, cameraFile);
    if (!seated.ok) {
      skipped.push(`${name}: ${seated.reason}`);
      continue;
    }
    const run = await runPortrait(rig.page, name);
    runs.push(run);
    const held = run.autoCaptureMs === null;
    const verdict = held
      ? holdVerdict(run.hints[run.hints.length - 1] ?? '', run.outcome)
      : run.outcome.kind === 'accepted' ? 'as foreseen' : 'SURPRISE';
    const how = held ? `held by ${run.hints.join(' → ')}, then the shutter` : `all green, captured at ${(run.autoCaptureMs! / 1000).toFixed(1)} s`;
    console.log(`live: ${name}: ${how}; ${describe(run.outcome)} — ${verdict}`);
  }
} finally {
  await rig.close();
}

for (const line of skipped) console.log(`live: skipped ${line}`);
console.log(`live: ${runs.length} of ${portraits.length} portraits seated as a student; the other ${skipped.length} cannot be framed so`);
const auto = runs.filter((r) => r.autoCaptureMs !== null);
const surprises = auto.filter((r) => r.outcome.kind !== 'accepted');
const held = runs.filter((r) => r.autoCaptureMs === null);
const heldByOne = held.filter((r) => r.hints.length === 1);
const falseHolds = held.filter((r) => r.outcome.kind === 'accepted');
const times = auto.map((r) => r.autoCaptureMs! / 1000).sort((a, b) => a - b);
const p50 = times.length ? times[Math.floor((times.length - 1) / 2)]! : NaN;
console.log(`bench: live_surprise_rate ${(auto.length ? surprises.length / auto.length : 0).toFixed(3)} (${surprises.length} of ${auto.length} captures after an all-green guide${surprises.length ? `: ${surprises.map((r) => r.name).join(', ')}` : ''})`);
console.log(`bench: live_time_to_capture_p50 ${p50.toFixed(1)} s (posing screen to automatic capture, ${auto.length} portraits)`);
console.log(`bench: live_false_hold_rate ${(held.length ? falseHolds.length / held.length : 0).toFixed(3)} (${falseHolds.length} of ${held.length} held portraits had a still with nothing to fix${falseHolds.length ? `: ${falseHolds.map((r) => r.name).join(', ')}` : ''})`);
console.log(`(${heldByOne.length} of ${runs.length} portraits held by one hint for the whole run of ${RUN_WINDOW_MS / 1000} s; ${((Date.now() - t0) / 1000).toFixed(0)} s for ${runs.length} kiosk sessions)`);
