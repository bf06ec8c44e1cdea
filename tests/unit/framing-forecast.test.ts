// The live forecast against the photo engine on the same stills: real portraits seated as students
// in a 640x480 camera frame (tests/e2e/seatedStudent.ts), each still analysed by the booth's vision
// code, then forecast (what the live guide would say) and standardized (what the engine says).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { standardizePhoto } from '../../electron/booth/photo/standardize.ts';
import { forecastFraming, type FramingForecast } from '../../shared/photo/framingForecast.ts';
import { forecastReview } from '../../shared/photo/reviewForecast.ts';
import { REFUSALS } from '../../shared/photo/refusals.ts';
import { DEFAULT_BACKGROUND, OUTPUT_HEIGHT, OUTPUT_WIDTH } from '../../shared/photoStandard.ts';
import type { StillAnalysis } from '../../shared/vision/stillAnalysis.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { PARSE_PENDING_ID, liveHints, topHint } from '../../renderer/vision/liveHints.ts';
import { PARSE_EVERY_MS, PARSE_GRACE_MS, PARSE_MAX_SHIFT, freshParse, parseLifetimeMs } from '../../renderer/vision/liveParseFreshness.ts';
import { faceParseCrop } from '../../shared/vision/faceParserContract.ts';
import type { FaceObservation } from '../../shared/vision/stillAnalysis.ts';
import type { LiveObservation } from '../../renderer/vision/liveGuidanceProtocol.ts';
import { CAMERA_HEIGHT, CAMERA_WIDTH, OVAL_SEATING, portraitMeasures, seat, seatedFrame, type Seating } from '../e2e/seatedStudent.ts';
import { OUTPUT_DIR } from '../e2e/kioskHarness.ts';

const portrait = (set: string, name: string): string => path.join(EVAL_DATA, set, name);
const CASES: { name: string; file: string; seating: Seating; engine: string }[] = [
  { name: 'test1 at the oval', file: portrait('portraits-hivision', 'test1.jpg'), seating: OVAL_SEATING, engine: 'ok' },
  { name: 'obama at the oval', file: portrait('portraits-more', 'ageitgey__face_recognition__obama.jpg'), seating: OVAL_SEATING, engine: 'ok' },
  { name: 'test1 sitting high (hair past the top edge)', file: portrait('portraits-hivision', 'test1.jpg'), seating: { faceShare: 0.3, eyeAt: 0.22 }, engine: 'head_cut_off' },
  { name: 'lifeifei, head tilted 7°', file: portrait('portraits-more', 'ToTheBeginning__PuLID__lifeifei.jpg'), seating: OVAL_SEATING, engine: 'head_tilted' },
  { name: 'wangling close and low (chest below the frame)', file: portrait('portraits-more', 'wangling1820__IDPhotos__image.jpg'), seating: { faceShare: 0.5, eyeAt: 0.5 }, engine: 'frame_too_short' },
  { name: 'kate siegel far away', file: portrait('booth-rules-dev', 'timesler__facenet-pytorch__data_test_images_kate_siegel_1.jpg'), seating: { faceShare: 0.12, eyeAt: 0.36 }, engine: 'face_too_small' },
];

interface Still {
  file: string;
  analysis: StillAnalysis;
}

const stills = new Map<string, Still>();

beforeAll(async () => {
  const dir = path.join(OUTPUT_DIR, 'forecast');
  await mkdir(dir, { recursive: true });
  const sources = await analyzeFiles([...new Set(CASES.map((c) => c.file))]);
  const files: string[] = [];
  for (const c of CASES) {
    const measures = portraitMeasures(sources.get(c.file)!);
    if ('skip' in measures) throw new Error(`${c.name}: ${measures.skip}`);
    const framing = seat(measures, c.seating);
    if (!framing.ok) throw new Error(`${c.name}: ${framing.reason}`);
    // the still as the kiosk takes it: the camera frame as a JPEG
    const file = path.join(dir, `${c.name.replace(/\W+/g, '-')}.jpg`);
    await sharp(await seatedFrame(c.file, framing), { raw: { width: CAMERA_WIDTH, height: CAMERA_HEIGHT, channels: 3 } }).jpeg({ quality: 95 }).toFile(file);
    files.push(file);
  }
  const analyses = await analyzeFiles(files);
  CASES.forEach((c, i) => stills.set(c.name, { file: files[i]!, analysis: analyses.get(files[i]!)! }));
});

const forecastOf = (s: Still): FramingForecast => forecastFraming({ live: s.analysis, still: { width: s.analysis.width, height: s.analysis.height } });

/** The still drawn through the forecast crop onto the output grid, RGBA (what the live worker's canvas does). */
async function renderThrough(file: string, forecast: Extract<FramingForecast, { ok: true }>): Promise<Uint8Array> {
  const { scaleX, scaleY, offsetX, offsetY } = forecast.mapping;
  const w = Math.round(CAMERA_WIDTH * scaleX);
  const h = Math.round(CAMERA_HEIGHT * scaleY);
  const scaled = await sharp(file).resize(w, h, { fit: 'fill', kernel: 'lanczos3' }).ensureAlpha().raw().toBuffer();
  const out = new Uint8Array(OUTPUT_WIDTH * OUTPUT_HEIGHT * 4);
  const left = Math.round(offsetX);
  const top = Math.round(offsetY);
  for (let v = Math.max(0, top); v < Math.min(OUTPUT_HEIGHT, top + h); v++) {
    for (let u = Math.max(0, left); u < Math.min(OUTPUT_WIDTH, left + w); u++) {
      out.set(scaled.subarray(((v - top) * w + (u - left)) * 4, ((v - top) * w + (u - left)) * 4 + 4), (v * OUTPUT_WIDTH + u) * 4);
    }
  }
  return out;
}

describe('the live forecast of a still', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('says what the engine says: %s', async (_, c) => {
    const still = stills.get(c.name)!;
    const forecast = forecastOf(still);
    const outcome = await standardizePhoto(await sharp(still.file).toBuffer(), still.analysis);
    const engine = outcome.ok ? 'ok' : outcome.refusal.reason;
    expect(engine, 'the engine on this still').toBe(c.engine);
    expect(forecast.ok ? 'ok' : forecast.reason, 'the forecast').toBe(engine);
  });

  it('gives the review screen\'s failing rules before the capture, from the still rules on the forecast crop', async () => {
    for (const name of ['test1 at the oval', 'obama at the oval']) {
      const still = stills.get(name)!;
      const forecast = forecastOf(still);
      if (!forecast.ok) throw new Error(`${name}: forecast ${forecast.reason}`);
      const review = forecastReview(forecast, await renderThrough(still.file, forecast), still.analysis.mask!, still.analysis, DEFAULT_BACKGROUND, still.analysis.parse);
      const outcome = await standardizePhoto(await sharp(still.file).toBuffer(), still.analysis);
      if (!outcome.ok) throw new Error(`${name}: refused ${outcome.refusal.reason}`);
      const engineFails = outcome.report.checks.filter((r) => r.verdict === 'fail').map((r) => r.id);
      expect(engineFails.length, `${name}: a portrait that breaks a rule`).toBeGreaterThan(0);
      expect(review.filter((r) => r.verdict === 'fail').map((r) => r.id), name).toEqual(engineFails);
    }
  });

  it('tells the student about a head past the top edge with the engine\'s own words, before any capture', () => {
    const still = stills.get('test1 sitting high (hair past the top edge)')!;
    const forecast = forecastOf(still);
    const framing = forecast.ok ? { ok: true as const, headTopRoom: forecast.headTopRoom, margin: forecast.crop.margin } : forecast;
    const top = topHint(liveHints({ ...still.analysis, timestamp: 0, checks: [], framing, review: null, parsedAt: null, detectMs: 0, checksMs: 0, forecastMs: 0 }));
    expect(top).toMatchObject({ id: 'frame.head_top', refusal: 'head_cut_off', zh: REFUSALS.head_cut_off.zh, en: REFUSALS.head_cut_off.en });
  });

  it('holds a student with hair over the ears live by the parse, shows nothing green before the parse, and never waits on a booth without a parser', async () => {
    const still = stills.get('test1 at the oval')!;
    const forecast = forecastOf(still);
    if (!forecast.ok) throw new Error(`forecast ${forecast.reason}`);
    const parse = still.analysis.parse;
    if (!parse) throw new Error('test1 has no class map: the parser did not run');
    const framing = { ok: true as const, headTopRoom: forecast.headTopRoom, margin: forecast.crop.margin };
    const observe = async (withParse: boolean): Promise<LiveObservation> => ({
      ...still.analysis, timestamp: 0, checks: [], framing, parsedAt: withParse ? 0 : null, detectMs: 0, checksMs: 0, forecastMs: 0,
      review: forecastReview(forecast, await renderThrough(still.file, forecast), still.analysis.mask!, still.analysis, DEFAULT_BACKGROUND, withParse ? parse : null),
    });
    const parsed = await observe(true);
    expect(topHint(liveHints(parsed, false))?.id, 'with the parse').toBe('hair.ears');
    const unparsed = await observe(false);
    expect(topHint(liveHints(unparsed, true))?.id, 'before the parse has come').toBe(PARSE_PENDING_ID);
    // without a parser the rule only warns: green, the surprise the live parse is there to prevent
    expect(topHint(liveHints(unparsed, false)), 'on a booth without a parser').toBeNull();
  });

  it('uses a live parse while the face stays where it was parsed and until the next one is late', () => {
    const face = stills.get('test1 at the oval')!.analysis.faces[0]!;
    // a parse that took 0.5 s holds until a second after the next is due; one slower than the cadence, a second after its own latency
    expect(parseLifetimeMs(500)).toBe(PARSE_EVERY_MS + PARSE_GRACE_MS);
    expect(parseLifetimeMs(PARSE_EVERY_MS + 500)).toBe(PARSE_EVERY_MS + 500 + PARSE_GRACE_MS);
    const lifetimeMs = parseLifetimeMs(500);
    const live = { timestamp: 0, receivedAt: 1000, lifetimeMs, parse: { ...stills.get('test1 at the oval')!.analysis.parse!, crop: faceParseCrop(face) } };
    const side = live.parse.crop.size;
    const moved = (dx: number, scale = 1): FaceObservation => {
      const c = { x: live.parse.crop.x + side / 2, y: live.parse.crop.y + side / 2 };
      return { ...face, points: face.points.map((v, i) => (i % 3 === 0 ? c.x + (v - c.x) * scale + dx : i % 3 === 1 ? c.y + (v - c.y) * scale : v)) };
    };
    expect(freshParse(live, face, 1000 + lifetimeMs - 1), 'same face, in time').toBe(live);
    expect(freshParse(live, face, 1000 + lifetimeMs + 1), 'not renewed in time').toBeNull();
    expect(freshParse(live, moved(side * PARSE_MAX_SHIFT * 0.5), 1500), 'a small sway').toBe(live);
    expect(freshParse(live, moved(side * PARSE_MAX_SHIFT * 1.5), 1500), 'moved aside').toBeNull();
    expect(freshParse(live, moved(0, 1.15), 1500), 'leaned in').toBeNull();
    expect(freshParse(null, face, 1500)).toBeNull();
  });
});
