// npm run standardize -- IN OUT.jpg [--report R.json] [--bg R,G,B] [--plate EMPTY.jpg]
// npm run standardize -- --dir IN_DIR --out OUT_DIR [--bg R,G,B] [--plate]
// With --plate the empty backdrop is measured as the staff screen's calibration measures it and
// passed to the engine; with --dir, NAME.img.* is standardized with NAME.bg.* as its plate.
// Standardizes photos with the booth's own vision and photo code and prints what it measured.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BACKGROUND, type Rgb } from '../shared/photoStandard.ts';
import { worstVerdict, type CheckResult } from '../shared/checkResult.ts';
import { HeadlessVision } from './headlessVision.ts';
import { runPipeline, type PipelineResult } from './photoPipeline.ts';
import { measureBackdrop } from '../electron/booth/staff/backdropCalibration.ts';
import type { BackdropPlate } from '../electron/booth/photo/backdropPlate.ts';

function parseBackground(text: string | undefined): Rgb {
  if (!text) return DEFAULT_BACKGROUND;
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`--bg wants three integers 0..255 like 100,197,255, got "${text}"`);
  }
  return [parts[0]!, parts[1]!, parts[2]!];
}

function summaryRow(name: string, result: PipelineResult): string {
  const { outcome } = result;
  if (!outcome.ok) return `${name.padEnd(60)} REFUSED ${outcome.refusal.reason}: ${outcome.refusal.message_en}`;
  const value = (id: string) => outcome.report.checks.find((c: CheckResult) => c.id === id)?.value ?? '-';
  const standard = outcome.report.checks.filter((c) => /^(file|geom|bg)\./.test(c.id));
  const failed = outcome.report.checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}=${c.verdict}`);
  return [
    name.padEnd(60),
    `standard=${worstVerdict(standard)}`.padEnd(14),
    `rules=${worstVerdict(outcome.report.checks)}`.padEnd(11),
    `top=${value('geom.head_top')}`, `eyes=${value('geom.eye_line')}`, `face=${value('geom.face_width')}`, `mid=${value('geom.centered')}`,
    `roll=${value('geom.roll')}`, `q=${outcome.report.quality}`, `kb=${value('file.size')}`, `bgΔE=${value('bg.uniform')}`, `edge=${value('bg.edge')}`,
    `leftover=${value('bg.leftover')}`, `plate=${outcome.report.plate ? (outcome.report.plate.used ? `used,matched=${outcome.report.plate.matchedPx}` : outcome.report.plate.reason) : '-'}`,
    `${Math.round(result.timings.total ?? 0)}ms`, failed.join(' '),
  ].join(' ');
}

async function main(): Promise<number> {
  // with --dir, --plate is a flag (the plates are beside the photos); alone it names the plate's file
  const argv = process.argv.slice(2);
  const paired = argv.includes('--dir') && argv.includes('--plate');
  const { values, positionals } = parseArgs({
    args: paired ? argv.filter((a) => a !== '--plate') : argv,
    allowPositionals: true,
    options: { dir: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, bg: { type: 'string' }, plate: { type: 'string' } },
  });
  const background = parseBackground(values.bg);
  let jobs: { input: string; output: string; report?: string; plate?: string }[];
  if (values.dir) {
    if (!values.out) throw new Error('--dir needs --out OUT_DIR');
    await mkdir(values.out, { recursive: true });
    const names = (await readdir(values.dir)).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort();
    if (paired) {
      // NAME.img.EXT with its empty backdrop NAME.bg.EXT
      jobs = names.filter((n) => /\.img\.[^.]+$/i.test(n)).map((n) => {
        const name = n.replace(/\.img\.[^.]+$/i, '');
        const plate = names.find((m) => m.replace(/\.bg\.[^.]+$/i, '') === name && /\.bg\.[^.]+$/i.test(m));
        if (!plate) throw new Error(`${n} has no ${name}.bg.* beside it`);
        return { input: path.join(values.dir!, n), output: path.join(values.out!, `${name}.jpg`), report: path.join(values.out!, `${name}.json`), plate: path.join(values.dir!, plate) };
      });
    } else {
      jobs = names.map((n) => ({ input: path.join(values.dir!, n), output: path.join(values.out!, `${path.parse(n).name}.jpg`), report: path.join(values.out!, `${path.parse(n).name}.json`) }));
    }
  } else {
    const [input, output] = positionals;
    if (!input || !output) throw new Error('usage: npm run standardize -- IN OUT.jpg [--report R.json] [--bg R,G,B] [--plate EMPTY.jpg]  |  --dir IN_DIR --out OUT_DIR [--plate]');
    jobs = [{ input, output, ...(values.report ? { report: values.report } : {}), ...(values.plate ? { plate: values.plate } : {}) }];
  }
  const vision = await HeadlessVision.start();
  let refused = 0;
  try {
    for (const job of jobs) {
      const plate: BackdropPlate | null = job.plate ? (await measureBackdrop(await readFile(job.plate), 0)).plate : null;
      const result = await runPipeline(vision, await readFile(job.input), { background, plate });
      console.log(summaryRow(path.basename(job.input), result));
      if (result.outcome.ok) await writeFile(job.output, result.outcome.jpeg);
      else refused++;
      if (job.report) {
        const body = result.outcome.ok ? { ok: true, report: result.outcome.report } : { ok: false, refusal: result.outcome.refusal, report: result.outcome.report };
        await writeFile(job.report, JSON.stringify({ input: job.input, output: result.outcome.ok ? job.output : null, timings: result.timings, ...body }, null, 1));
      }
    }
  } finally {
    await vision.close();
  }
  return jobs.length === 1 && refused === 1 ? 2 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: Error) => { console.error(`standardize: ${err.message}`); process.exitCode = 1; },
);
