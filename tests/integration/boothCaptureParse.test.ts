// The still's class map follows its capture (the kiosk runs the face parser while the booth mattes):
// through the booth's own handlers and photo engine, on a real photo of long hair over the ears,
// the map changes the verdict whichever message reaches the booth first, and a map that never comes
// leaves the parser rules to the reviewer.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { boothApiHandlers, openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import { PARSE_WAIT_MS } from '../../electron/booth/api/parseRendezvous.ts';
import { modelsDir } from '../../scripts/models.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { parseToWire, toWire } from '../../shared/vision/analysisWire.ts';
import type { StillAnalysis } from '../../shared/vision/stillAnalysis.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

/** hivision's test1: long hair over both ears, a level head the engine standardizes */
const LONG_HAIR = path.join(EVAL_DATA, 'portraits-hivision', 'test1.jpg');
const student = DEMO_ROSTER[0]!;
let analysis: StillAnalysis;
let jpegBase64 = '';
const opened: { booth: Booth; dir: string }[] = [];

beforeAll(async () => {
  analysis = (await analyzeFiles([LONG_HAIR])).get(LONG_HAIR)!;
  if (!analysis.parse) throw new Error('the vision cache has no class map for the long-hair photo');
  jpegBase64 = (await readFile(LONG_HAIR)).toString('base64');
});

afterEach(async () => {
  for (const { booth, dir } of opened.splice(0)) {
    await booth.close();
    await removeDir(dir);
  }
});

/** A demo booth with one student at the posing step. */
async function posing() {
  const dir = await makeTempDir('capture-parse');
  const booth = await openBooth({ appVersion: 'test', demo: true, dataDir: path.join(dir, 'data'), serviceUrl: 'http://127.0.0.1:9', initialStaffPin: '580316' });
  opened.push({ booth, dir });
  const { handlers } = boothApiHandlers(booth, { modelsDir, emit: () => {} });
  const scan = await handlers['session.scan']({ code: student.code, source: 'wedge' });
  if (!scan.ok) throw new Error(scan.error.message_en);
  expect(await handlers['session.verify']({ sessionId: scan.sessionId, last4: student.last4 })).toMatchObject({ ok: true });
  expect(await handlers['session.confirm']({ sessionId: scan.sessionId, categoryId: 'bachelor', consent: true })).toEqual({ ok: true, paymentRequired: false });
  return { handlers, sessionId: scan.sessionId };
}

const withoutParse = () => toWire({ ...analysis, parse: null });
const hairEars = (checks: { id: string; verdict: string }[]) => checks.find((c) => c.id === 'hair.ears')?.verdict;

describe('a capture whose class map follows it', () => {
  test('the map sent after the capture reaches the checks: hair over the ears fails', async () => {
    const { handlers, sessionId } = await posing();
    const capturing = handlers['session.capture']({ sessionId, jpegBase64, analysis: withoutParse(), guideNote: null, parseId: 'capture-one' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await handlers['session.parse']({ sessionId, parseId: 'capture-one', parse: parseToWire(analysis.parse!) })).toEqual({ ok: true });
    const capture = await capturing;
    if (!capture.ok) throw new Error(capture.error.message_en);
    expect(hairEars(capture.checks)).toBe('fail');
  });

  test('the map that arrives before its capture is kept for it', async () => {
    const { handlers, sessionId } = await posing();
    expect(await handlers['session.parse']({ sessionId, parseId: 'capture-two', parse: parseToWire(analysis.parse!) })).toEqual({ ok: true });
    const capture = await handlers['session.capture']({ sessionId, jpegBase64, analysis: withoutParse(), guideNote: null, parseId: 'capture-two' });
    if (!capture.ok) throw new Error(capture.error.message_en);
    expect(hairEars(capture.checks)).toBe('fail');
  });

  test('a map for another capture is not used, and without one in time the rule warns for the reviewer', async () => {
    const { handlers, sessionId } = await posing();
    await handlers['session.parse']({ sessionId, parseId: 'an-older-capture', parse: parseToWire(analysis.parse!) });
    const started = Date.now();
    const capture = await handlers['session.capture']({ sessionId, jpegBase64, analysis: withoutParse(), guideNote: null, parseId: 'capture-three' });
    if (!capture.ok) throw new Error(capture.error.message_en);
    expect(Date.now() - started, 'waited for the map').toBeGreaterThanOrEqual(PARSE_WAIT_MS - 50);
    expect(hairEars(capture.checks)).toBe('warn');
  });
});
