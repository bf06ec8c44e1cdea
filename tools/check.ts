// `npm run check -- IMAGE... [--json] [--background R,G,B]`: every compliance rule's verdict for each
// photo as it is (raw portrait, face crop or standardized output; nothing is standardized). The
// vision runtime starts once for all images.
import path from 'node:path';
import { HeadlessVision, visionInput } from './headlessVision.ts';
import { loadRgbImage } from './rgbImage.ts';
import { runStillChecks } from '../shared/checks/runChecks.ts';
import { worstVerdict, type CheckResult } from '../shared/checkResult.ts';
import { DEFAULT_BACKGROUND, type Rgb } from '../shared/photoStandard.ts';

function parseArgs(argv: string[]): { images: string[]; json: boolean; background: Rgb } {
  const images: string[] = [];
  let json = false;
  let background: Rgb = DEFAULT_BACKGROUND;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--background') {
      const parts = (argv[++i] ?? '').split(',').map(Number);
      if (parts.length !== 3 || parts.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) throw new Error('--background wants R,G,B with each 0..255, e.g. 100,197,255');
      background = parts as unknown as Rgb;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}; use --json or --background R,G,B`);
    else images.push(arg);
  }
  return { images, json, background };
}

function printTable(image: string, results: CheckResult[]): void {
  console.log(`\n${image}: ${worstVerdict(results).toUpperCase()}`);
  for (const r of results) {
    const value = r.value === null ? '—' : String(r.value);
    const limit = `${r.threshold.min ?? ''}${r.threshold.min !== undefined && r.threshold.max !== undefined ? '…' : r.threshold.max !== undefined ? '≤' : '≥'}${r.threshold.max ?? ''} ${r.threshold.unit}`;
    console.log(`  ${r.verdict.padEnd(4)}  ${r.id.padEnd(24)} ${value.padStart(8)}  ${limit.padEnd(22)} ${r.message_zh}  (${r.message_en})`);
  }
}

async function main(): Promise<number> {
  const { images, json, background } = parseArgs(process.argv.slice(2));
  if (images.length === 0) {
    console.error('usage: npm run check -- IMAGE... [--json] [--background R,G,B]');
    return 2;
  }
  const vision = await HeadlessVision.start();
  let failed = false;
  try {
    for (const file of images) {
      try {
        const { small, width, height } = await visionInput(file);
        const analysis = await vision.analyze(small, width, height);
        const results = runStillChecks(analysis, await loadRgbImage(file), { background });
        if (json) console.log(JSON.stringify({ image: file, rules: results }));
        else printTable(path.relative(process.cwd(), file) || file, results);
      } catch (err) {
        failed = true;
        const message = err instanceof Error ? err.message : String(err);
        if (json) console.log(JSON.stringify({ image: file, error: message }));
        else console.error(`\n${file}: cannot check: ${message}`);
      }
    }
  } finally {
    await vision.close();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
