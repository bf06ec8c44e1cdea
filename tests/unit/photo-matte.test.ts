// The matte against the P3M reference alphas (model-made references, not ground truth: the test
// asks that refinement moves the upsampled person mask towards them, and prints the numbers).
// The face parser's cut (parserCutout.ts) takes part where the parser saw a face, as in the engine;
// the matte of the mask alone is printed beside it, and the cut may not make the edge worse.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { compositeOnColour, refineMatte } from '../../electron/booth/photo/matte.ts';
import type { PlanarRgb } from '../../electron/booth/photo/guidedFilter.ts';
import { coarseAlpha, mapFaceToOutput, type OutputMapping } from '../../shared/photo/outputMapping.ts';
import { cutWithParser, SHOULDERS_ABOVE_CHIN } from '../../electron/booth/photo/parserCutout.ts';
import { parseOnOutput } from '../../shared/photo/parseOnOutput.ts';
import { headMeasures } from '../../shared/photo/headMeasures.ts';
import type { StillAnalysis } from '../../shared/vision/stillAnalysis.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';

const P3M = path.join(EVAL_DATA, 'matting-p3m-demo-pseudoalpha');
/** working size: the long side of the booth's output */
const LONG_SIDE = 640;

interface Case {
  name: string;
  guide: PlanarRgb;
  reference: Float32Array;
  coarse: Float32Array;
  refined: Float32Array;
  /** the matte of the mask alone, before the parser took part */
  maskOnly: Float32Array;
}

let cases: Case[] = [];
let analyses: Map<string, StillAnalysis>;

async function prepare(file: string, analysis: StillAnalysis): Promise<Case> {
  const { width: W, height: H } = analysis;
  const scale = LONG_SIDE / Math.max(W, H);
  const w = Math.round(W * scale), h = Math.round(H * scale);
  const rgb = await sharp(file).rotate().resize(w, h, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const n = w * h;
  const guide: PlanarRgb = { width: w, height: h, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  for (let i = 0; i < n; i++) {
    guide.r[i] = rgb[i * 3]! / 255;
    guide.g[i] = rgb[i * 3 + 1]! / 255;
    guide.b[i] = rgb[i * 3 + 2]! / 255;
  }
  const alphaFile = path.join(P3M, 'alpha_pred', `${path.parse(file).name}.png`);
  const ref = await sharp(alphaFile).resize(w, h, { fit: 'fill' }).extractChannel(0).raw().toBuffer();
  const reference = Float32Array.from(ref, (v) => v / 255);
  const mapping: OutputMapping = { scaleX: w / W, scaleY: h / H, offsetX: 0, offsetY: 0 };
  const coarse = coarseAlpha(analysis.mask!, mapping, w, h, W, H);
  // the anchor stands for the face: the most confidently "person" pixel of the mask
  let anchor = 0;
  for (let i = 1; i < n; i++) if (coarse[i]! > coarse[anchor]!) anchor = i;
  // P3M faces are blurred, so there is no chin line: the whole person counts as clothing
  const layout = { anchor: { x: anchor % w, y: Math.floor(anchor / w) }, clothingFromY: 0 };
  const inFrame = new Uint8Array(n).fill(1);
  const maskOnly = refineMatte(guide, coarse, inFrame, layout);
  const face = analysis.faces[0];
  if (!analysis.parse || !face) return { name: path.basename(file), guide, reference, coarse, refined: maskOnly, maskOnly };
  const head = headMeasures(mapFaceToOutput(face, mapping));
  const cut = cutWithParser(guide, coarse, parseOnOutput(analysis.parse, mapping, w, h, null, Math.round(head.chinY)), head.chinY - SHOULDERS_ABOVE_CHIN * head.faceWidth);
  const refined = refineMatte(guide, cut.coarse, inFrame, { ...layout, background: cut.cut });
  return { name: path.basename(file), guide, reference, coarse, refined, maskOnly };
}

/** Mean absolute difference to the reference where the reference is an edge (neither 0 nor 1) or within 3 px of one. */
function edgeError(alpha: Float32Array, c: Case): number {
  const { width: w, height: h } = c.guide;
  let sum = 0;
  let count = 0;
  for (let y = 3; y < h - 3; y++) {
    for (let x = 3; x < w - 3; x++) {
      let edge = false;
      for (let dy = -3; dy <= 3 && !edge; dy += 3) for (let dx = -3; dx <= 3 && !edge; dx += 3) {
        const v = c.reference[(y + dy) * w + x + dx]!;
        edge = v > 0.02 && v < 0.98;
      }
      if (!edge) continue;
      sum += Math.abs(alpha[y * w + x]! - c.reference[y * w + x]!);
      count++;
    }
  }
  return sum / Math.max(1, count);
}

function meanError(alpha: Float32Array, reference: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < alpha.length; i++) sum += Math.abs(alpha[i]! - reference[i]!);
  return sum / alpha.length;
}

beforeAll(async () => {
  const files = (await readdir(path.join(P3M, 'original'))).filter((f) => f.endsWith('.jpg')).map((f) => path.join(P3M, 'original', f));
  analyses = await analyzeFiles(files);
  cases = await Promise.all(files.map((f) => prepare(f, analyses.get(f)!)));
});

describe('the alpha matte', () => {
  it('refines the upsampled person mask towards the reference alpha at the hair edge', () => {
    const rows = cases.map((c) => ({ name: c.name, coarseEdge: edgeError(c.coarse, c), maskOnlyEdge: edgeError(c.maskOnly, c), refinedEdge: edgeError(c.refined, c), coarseAll: meanError(c.coarse, c.reference), refinedAll: meanError(c.refined, c.reference) }));
    for (const r of rows) console.log(`${r.name}: edge MAE ${r.coarseEdge.toFixed(3)} -> ${r.refinedEdge.toFixed(3)} (mask alone ${r.maskOnlyEdge.toFixed(3)}), whole MAE ${r.coarseAll.toFixed(3)} -> ${r.refinedAll.toFixed(3)}`);
    const mean = (k: 'coarseEdge' | 'maskOnlyEdge' | 'refinedEdge' | 'coarseAll' | 'refinedAll') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
    console.log(`mean edge MAE ${mean('coarseEdge').toFixed(3)} -> ${mean('refinedEdge').toFixed(3)} (before the parser's cut: ${mean('maskOnlyEdge').toFixed(3)}); whole ${mean('coarseAll').toFixed(3)} -> ${mean('refinedAll').toFixed(3)}`);
    expect(cases.length).toBe(15);
    expect(mean('refinedEdge')).toBeLessThan(mean('coarseEdge'));
    expect(mean('refinedEdge')).toBeLessThanOrEqual(mean('maskOnlyEdge'));
    expect(mean('refinedAll')).toBeLessThan(mean('coarseAll'));
    // and no portrait gets much worse than the mask it started from
    for (const r of rows) expect(r.refinedAll, r.name).toBeLessThan(r.coarseAll + 0.01);
  });

  it('leaves no trace of the old background in the composite where the matte says background', () => {
    for (const c of cases) {
      const rgb = compositeOnColour(c.guide, c.refined, [100, 197, 255]);
      let stray = 0;
      let background = 0;
      for (let i = 0; i < c.refined.length; i++) {
        if (c.refined[i] !== 0) continue;
        background++;
        if (rgb[i * 3] !== 100 || rgb[i * 3 + 1] !== 197 || rgb[i * 3 + 2] !== 255) stray++;
      }
      expect(background, c.name).toBeGreaterThan(0);
      expect(stray, c.name).toBe(0);
    }
  });
});
