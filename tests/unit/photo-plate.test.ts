// The calibrated clean plate in the photo engine, on real portraits: a plate measured the way the
// staff screen measures one (measureBackdrop) on the portrait's own backdrop is used and leaves the
// edge at least as clean; a plate that does not fit the capture is refused by name and changes
// nothing; without a plate the engine makes the very bytes it made before plates existed. Real pairs
// (a P3M portrait composited by its reference alpha over a real photo without people, and that photo
// alone as the plate): the plate's picture makes the busy backdrop background wherever it shows.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { standardizeWithChecks } from '../../electron/booth/api/photoPort.ts';
import type { BackdropPlate } from '../../electron/booth/photo/backdropPlate.ts';
import { standardizePhoto, type StandardizeOutcome } from '../../electron/booth/photo/standardize.ts';
import { measureBackdrop } from '../../electron/booth/staff/backdropCalibration.ts';
import { DEFAULT_BACKGROUND } from '../../shared/photoStandard.ts';
import type { StillAnalysis } from '../../shared/vision/stillAnalysis.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { compositePair, derivedImage, emptyBackdropOf } from './photoFixtures.ts';
import { plateBehind } from '../../electron/booth/photo/backdropPlate.ts';
import { distanceTo } from '../../electron/booth/photo/parserCutout.ts';
import { refineMatte } from '../../electron/booth/photo/matte.ts';
import type { PlanarRgb } from '../../electron/booth/photo/guidedFilter.ts';
import { coarseAlpha, type OutputMapping } from '../../shared/photo/outputMapping.ts';

// portraits on plain backdrops (grey studio, blue, white, pale grey): the booth's case
const plain = [
  'portraits-hivision/test0.jpg',
  'portraits-hivision/test3.jpg',
  'portraits-more/guo-pu__ID_photo_background_color__test.jpg',
  'portraits-more/DefTruth__lite.ai.toolkit__test_lite_facefusion_pipeline_target.jpg',
  'portraits-more/wangling1820__IDPhotos__image.jpg',
  'portraits-more/Kwai-Kolors__Kolors__test_img2_org.png',
].map((f) => path.join(EVAL_DATA, f));

let analyses: Map<string, StillAnalysis>;
const plateJpegs = new Map<string, Buffer>();
const plates = new Map<string, BackdropPlate>();

beforeAll(async () => {
  analyses = await analyzeFiles(plain);
  for (const file of plain) {
    const name = path.parse(file).name;
    const jpeg = await readFile(await derivedImage(`empty-backdrop-${name}.jpg`, () => emptyBackdropOf(file, analyses.get(file)!.mask!)));
    plateJpegs.set(file, jpeg);
    plates.set(file, (await measureBackdrop(jpeg, 0)).plate);
  }
});

const run = async (file: string, plate?: BackdropPlate | null, parserCutout = true): Promise<StandardizeOutcome & { ok: true }> => {
  const outcome = await standardizePhoto(await readFile(file), analyses.get(file)!, { parserCutout, ...(plate === undefined ? {} : { plate }) });
  if (!outcome.ok) throw new Error(`${path.basename(file)}: ${outcome.refusal.message_en}`);
  return outcome;
};
const OUTPUT_PIXELS = 480 * 640;
const measure = (o: StandardizeOutcome & { ok: true }, id: string) => o.report.checks.find((c) => c.id === id)!.value!;

describe('without a plate', () => {
  it('the engine writes the same bytes as before plates existed (sha-256 of its outputs then, with this sharp/libvips)', async () => {
    const before: Record<string, string> = { test0: 'b7077a1da54cf2bc', test3: '3736d0c894f9cfc3', 'guo-pu__ID_photo_background_color__test': '805517057c3d5fbe', 'Kwai-Kolors__Kolors__test_img2_org': '71fdb2b376858e95' };
    for (const file of plain) {
      const name = path.parse(file).name;
      if (!before[name]) continue;
      // the parser's cut (photo-cutout.test.ts) is switched off: these are the mask-only bytes of then
      for (const outcome of [await run(file, undefined, false), await run(file, null, false)]) {
        expect(createHash('sha256').update(outcome.jpeg).digest('hex').slice(0, 16), name).toBe(before[name]);
        expect(outcome.report.plate).toBeNull();
      }
    }
  });
});

describe('a plate measured from the portrait’s own backdrop', () => {
  it('is used, and leaves the edge as clean (within JPEG noise) and the background within the rules', async () => {
    const rows: string[] = [];
    for (const file of plain) {
      const name = path.basename(file);
      const without = await run(file);
      const withPlate = await run(file, plates.get(file)!);
      expect(withPlate.report.plate, name).toMatchObject({ used: true });
      // the calibration keeps the empty frame, and its pixels matched the backdrop around the person
      if (!withPlate.report.plate?.used) throw new Error('unreachable');
      expect(withPlate.report.plate.matchedPx, name).toBeGreaterThan(0.2 * OUTPUT_PIXELS);
      const [e0, e1] = [measure(without, 'bg.edge'), measure(withPlate, 'bg.edge')];
      const [u0, u1] = [measure(without, 'bg.uniform'), measure(withPlate, 'bg.uniform')];
      rows.push(`${name}: bg.edge ${e0.toFixed(2)} → ${e1.toFixed(2)}, bg.uniform ${u0.toFixed(2)} → ${u1.toFixed(2)}, ${JSON.stringify(withPlate.report.plate)}`);
      // the pixel match zeroes strands fainter than ~0.1 alpha, which shifts the edge's 95th percentile
      // by JPEG noise (blue ID photo 5.35 → 5.43; limit 12): within 0.1 of the edge without the plate
      expect(e1, name).toBeLessThanOrEqual(e0 + 0.1);
      expect(measure(withPlate, 'bg.color'), name).toBeLessThanOrEqual(measure(without, 'bg.color'));
      // bg.uniform's 99.9th percentile lies in JPEG ringing of the re-encoded edge (the composite's
      // background is the exact flat colour in both): a crisper edge moves it by JPEG noise, no more
      expect(u1, name).toBeLessThanOrEqual(u0 + 0.25);
      expect(withPlate.report.checks.filter((c) => c.id.startsWith('bg.') && c.verdict !== 'pass'), name).toEqual([]);
    }
    console.log(rows.join('\n'));
  });

  it('after a small exposure change (5 %, under the drift limit) still fits: the gain takes it out', async () => {
    const file = plain[0]!;
    const darker = (await measureBackdrop(await sharp(plateJpegs.get(file)!).linear(0.95, 0).jpeg({ quality: 92 }).toBuffer(), 0)).plate;
    const outcome = await run(file, darker);
    expect(outcome.report.plate, JSON.stringify(outcome.report.plate)).toMatchObject({ used: true });
    if (!outcome.report.plate?.used) throw new Error('unreachable');
    for (const g of outcome.report.plate.gain) expect(g).toBeCloseTo(1 / 0.95, 1);
    expect(measure(outcome, 'bg.edge')).toBeLessThanOrEqual(measure(await run(file), 'bg.edge'));
  });
});

describe('a plate that does not fit the capture', () => {
  it('of a clearly different colour is refused as drifted, and the photo is byte for byte the one without it', async () => {
    for (const file of plain.slice(0, 2)) {
      const bluish = (await measureBackdrop(await sharp(plateJpegs.get(file)!).linear([0.6, 0.9, 1.3], [0, 0, 0]).jpeg().toBuffer(), 0)).plate;
      const outcome = await run(file, bluish);
      expect(outcome.report.plate, path.basename(file)).toMatchObject({ used: false, reason: 'drifted' });
      expect(outcome.jpeg.equals((await run(file)).jpeg)).toBe(true);
    }
  });

  it('from a frame of another shape (a 16:9 video mode against a 3:4 still) is refused, the photo unchanged', async () => {
    const file = plain[0]!;
    const plate = plates.get(file)!;
    const outcome = await run(file, { ...plate, frame: { width: 1280, height: 720 } });
    expect(outcome.report.plate).toMatchObject({ used: false, reason: 'frame_shape' });
    expect(outcome.jpeg.equals((await run(file)).jpeg)).toBe(true);
  });
});

describe('the calibration and the booth port', () => {
  it('the calibration records the plate on the frame as oriented by its EXIF tag', async () => {
    const file = plain[0]!;
    const { width, height } = await sharp(file).metadata();
    expect(plates.get(file)!.frame).toEqual({ width, height });
    const sideways = await sharp(plateJpegs.get(file)!).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const measured = (await measureBackdrop(sideways, 0)).plate;
    expect(measured.frame).toEqual({ width, height });
    expect(measured.cells).toHaveLength(measured.cols * measured.rows);
  });

  it('the standardize port reads the current plate on each capture', async () => {
    const file = plain[0]!;
    let current: BackdropPlate | null = null;
    const port = standardizeWithChecks(() => current);
    const original = await readFile(file);
    const background: [number, number, number] = [...DEFAULT_BACKGROUND];
    const without = await port(original, analyses.get(file)!, background);
    current = plates.get(file)!;
    const withPlate = await port(original, analyses.get(file)!, background);
    if (!without.ok || !withPlate.ok) throw new Error('both must standardize');
    expect(without.jpeg.equals((await run(file)).jpeg)).toBe(true);
    expect(withPlate.jpeg.equals((await run(file, current)).jpeg)).toBe(true);
    expect(withPlate.jpeg.equals(without.jpeg)).toBe(false);
  });
});

describe('real pairs: a portrait over a busy real backdrop, and the backdrop alone as the plate', () => {
  const P3M = path.join(EVAL_DATA, 'matting-p3m-demo-pseudoalpha');
  // photos without people (carpet, dotted fabric, woven cloth; zxing's negatives, Apache-2.0)
  const backdrops = ['02', '04', '06'].map((n) => path.join(EVAL_DATA, 'qr-zxing-blackbox', 'falsepositives', `${n}.png`));
  const pairs = [['p_22fc0130', 0], ['p_07141906', 1], ['p_bac3c1ff', 2], ['p_514ca06a', 0], ['p_bd6af989', 1]] as const;
  const LONG_SIDE = 640;
  const LEFT_MAX = 0.002;
  const EDGE_PX = 3;

  it('the plate fits, and where the backdrop shows the matte is background: less of it left than with the mask alone, the edge no worse', async () => {
    const made = await Promise.all(pairs.map(async ([name, b]) => {
      const pair = () => compositePair(path.join(P3M, 'original', `${name}.jpg`), path.join(P3M, 'alpha_pred', `${name}.png`), backdrops[b]!);
      const capture = await derivedImage(`pair-${name}-${b}.img.jpg`, async () => (await pair()).capture);
      const plate = await derivedImage(`pair-${name}-${b}.bg.jpg`, async () => (await pair()).plate);
      return { name, capture, plate };
    }));
    const analysed = await analyzeFiles(made.map((m) => m.capture));
    const results: { name: string; s0: { left: number; edge: number }; s1: { left: number; edge: number } }[] = [];
    for (const { name, capture, plate } of made) {
      const analysis = analysed.get(capture)!;
      const { width: W, height: H } = analysis;
      const scale = LONG_SIDE / Math.max(W, H);
      const w = Math.round(W * scale), h = Math.round(H * scale), n = w * h;
      const rgb = await sharp(capture).resize(w, h, { fit: 'fill' }).removeAlpha().raw().toBuffer();
      const guide: PlanarRgb = { width: w, height: h, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
      for (let i = 0; i < n; i++) [guide.r[i], guide.g[i], guide.b[i]] = [rgb[i * 3]! / 255, rgb[i * 3 + 1]! / 255, rgb[i * 3 + 2]! / 255];
      const ref = Float32Array.from(await sharp(path.join(P3M, 'alpha_pred', `${name}.png`)).resize(w, h, { fit: 'fill' }).extractChannel(0).raw().toBuffer(), (v) => v / 255);
      const mapping: OutputMapping = { scaleX: w / W, scaleY: h / H, offsetX: 0, offsetY: 0 };
      const coarse = coarseAlpha(analysis.mask!, mapping, w, h, W, H);
      const inFrame = new Uint8Array(n).fill(1);
      let anchor = 0;
      for (let i = 1; i < n; i++) if (coarse[i]! > coarse[anchor]!) anchor = i;
      const layout = { anchor: { x: anchor % w, y: Math.floor(anchor / w) }, clothingFromY: 0 };
      const fit = await plateBehind((await measureBackdrop(await readFile(plate), 0)).plate, guide, coarse, inFrame, mapping, W, H);
      expect(fit.use, name).toMatchObject({ used: true });
      const without = refineMatte(guide, coarse, inFrame, layout);
      const withPlate = refineMatte(guide, coarse, inFrame, { ...layout, background: fit.background! }, fit.colour);
      // backdrop left: alpha over pixels the reference calls clear background, past the edge's own soft rim; edge: |alpha - ref| where the reference is soft
      const toPerson = distanceTo(Uint8Array.from(ref, (v) => (v > 0 ? 1 : 0)), w, h);
      const score = (alpha: Float32Array) => {
        let left = 0, clear = 0, edge = 0, soft = 0;
        for (let i = 0; i < n; i++) {
          if (toPerson[i]! > EDGE_PX) { clear++; left += alpha[i]!; }
          else if (ref[i]! < 1) { soft++; edge += Math.abs(alpha[i]! - ref[i]!); }
        }
        return { left: left / clear, edge: edge / soft };
      };
      const [s0, s1] = [score(without), score(withPlate)];
      console.log(`${name} over a real backdrop: backdrop left ${s0.left.toFixed(4)} -> ${s1.left.toFixed(4)}, soft-edge MAE ${s0.edge.toFixed(3)} -> ${s1.edge.toFixed(3)}, ${JSON.stringify(fit.use)}`);
      results.push({ name, s0, s1 });
    }
    for (const { name, s0, s1 } of results) {
      expect(s1.left, name).toBeLessThanOrEqual(s0.left);
      expect(s1.left, name).toBeLessThan(LEFT_MAX);
      expect(s1.edge, name).toBeLessThanOrEqual(s0.edge + 0.01);
    }
  }, 300_000);
});
