// Still-to-standardized latency per stage on the eval portraits, at native size and upscaled to
// 12 MP as a booth camera delivers them, plus model load time, the face parser's own time (its
// 448 crop, inside the vision stage) and peak memory. Target: ≤ 450 ms median total for a 12 MP
// still on a 2-core CPU, parser included.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { HeadlessVision } from '../tools/headlessVision.ts';
import { runPipeline } from '../tools/photoPipeline.ts';
import { descendants, peakRssMb } from './processMemory.ts';
import { EVAL_DATA } from '../tools/evalData.ts';

const TWELVE_MP = 12_000_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function portraits(): Promise<{ name: string; bytes: Buffer }[]> {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const set of ['portraits-hivision', 'portraits-more']) {
    for (const f of (await readdir(path.join(EVAL_DATA, set))).sort()) {
      if (/\.(jpe?g|png|webp)$/i.test(f)) out.push({ name: f, bytes: await readFile(path.join(EVAL_DATA, set, f)) });
    }
  }
  return out;
}

async function to12mp(bytes: Buffer): Promise<Buffer> {
  const meta = await sharp(bytes).rotate().metadata();
  const scale = Math.sqrt(TWELVE_MP / (meta.width! * meta.height!));
  // a camera JPEG: high quality, 4:2:0, baseline
  return sharp(bytes).rotate().resize(Math.round(meta.width! * scale), Math.round(meta.height! * scale), { kernel: 'lanczos3' }).jpeg({ quality: 92 }).toBuffer();
}

const STAGES: Record<string, (t: Record<string, number>) => number> = {
  decode: (t) => (t.vision_input ?? 0) + (t.decode_wait ?? 0) + (t.decode ?? 0),
  vision: (t) => t.vision ?? 0,
  matte: (t) => (t.render ?? 0) + (t.matte ?? 0),
  composite_encode: (t) => t.encode ?? 0,
  measure: (t) => t.measure ?? 0,
  /** the engine waiting for the class map, made in Chromium beside the matte */
  parse_wait: (t) => t.parse_wait ?? 0,
  checks: (t) => t.checks ?? 0,
  total: (t) => t.total ?? 0,
};

async function main(): Promise<void> {
  const t0 = performance.now();
  const vision = await HeadlessVision.start();
  console.log(`bench: vision_start ${Math.round(performance.now() - t0)} ms`);
  console.log(`bench: model_load ${Math.round(vision.modelLoadMs)} ms`);
  try {
    const photos = await portraits();
    for (const [label, prepare] of [['native', async (b: Buffer) => b], ['12mp', to12mp]] as const) {
      const inputs = await Promise.all(photos.map(async (p) => ({ ...p, bytes: await prepare(p.bytes) })));
      // one warm-up pass so the figures are a booth's steady state, not JIT and cache warm-up
      await runPipeline(vision, inputs[0]!.bytes);
      const samples: Record<string, number[]> = Object.fromEntries(Object.keys(STAGES).map((k) => [k, []]));
      const parseMs: number[] = [];
      let refused = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const input of inputs) {
          const result = await runPipeline(vision, input.bytes);
          // a refusal stops early: counting it would flatter the figures
          if (!result.outcome.ok) {
            refused++;
            continue;
          }
          for (const [stage, pick] of Object.entries(STAGES)) samples[stage]!.push(pick(result.timings));
          if (result.analysis?.timings.face_parse !== undefined) parseMs.push(result.analysis.timings.face_parse);
        }
      }
      for (const [stage, values] of Object.entries(samples)) {
        console.log(`bench: standardize_${stage}_${label}_p50 ${quantile(values, 0.5).toFixed(0)} ms`);
        console.log(`bench: standardize_${stage}_${label}_p90 ${quantile(values, 0.9).toFixed(0)} ms`);
      }
      if (label === '12mp') {
        console.log(`bench: face_parse_ms ${quantile(parseMs, 0.5).toFixed(0)} ms (p50, 448 crop, ${parseMs.length} parses)`);
        console.log(`bench: face_parse_p90_ms ${quantile(parseMs, 0.9).toFixed(0)} ms`);
      }
      console.log(`bench: standardize_photos_${label} ${inputs.length - refused / ROUNDS} photos standardized (${refused / ROUNDS} refused, not timed) x ${ROUNDS} rounds`);
    }
    console.log(`bench: standardize_peak_rss_node ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log(`bench: standardize_peak_rss_chromium ${descendants(process.pid).reduce((sum, pid) => sum + peakRssMb(pid), 0).toFixed(0)} MB (sum of per-process peaks)`);
  } finally {
    await vision.close();
  }
}

await main();
