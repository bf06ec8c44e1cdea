// The labelled and unlabelled photo sets of ../shared/eval-data as the check evaluation sees them:
// every rule's result on every photo (vision results from the on-disk cache), with the photo's labels.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFiles } from './analysisCache.ts';
import { loadRgbImage } from './rgbImage.ts';
import { EVAL_DATA } from './evalData.ts';
import { loadEdits } from './evalEdits.ts';
import { checkContext } from '../shared/checks/runChecks.ts';
import { RULES } from '../shared/checks/registry.ts';
import type { CheckResult, RuleId } from '../shared/checkResult.ts';
import { DEFAULT_BACKGROUND } from '../shared/photoStandard.ts';

export type SetName = 'booth' | 'celeba' | 'ffhq' | 'hivision' | 'portraits' | 'edits';

export interface EvalSample {
  set: SetName;
  name: string;
  /** every rule's own result (live-only rules included), before the blocking policy */
  results: Map<RuleId, CheckResult>;
  /** label columns by name, as strings ('' = could not tell) */
  labels: Record<string, string>;
}

export const SETS: readonly { set: SetName; images: string; labels: string | null }[] = [
  { set: 'booth', images: 'booth-rules-dev', labels: 'booth-rules-dev/labels.csv' },
  { set: 'celeba', images: 'celeba-attr-32/images', labels: 'celeba-attr-32/labels.csv' },
  { set: 'ffhq', images: 'ffhq-features-10/images', labels: 'ffhq-features-10/labels.csv' },
  { set: 'hivision', images: 'portraits-hivision', labels: null },
  { set: 'portraits', images: 'portraits-more', labels: null },
];

/** A CSV without quoted commas except in a last free-text column (booth-rules-dev's notes). */
export function readCsv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = (head ?? '').split(',');
  return rows.map((line) => {
    const cells = line.split(',');
    const fixed = cells.slice(0, cols.length - 1);
    fixed.push(cells.slice(cols.length - 1).join(',').replace(/^"|"$/g, ''));
    return Object.fromEntries(fixed.map((v, i) => [cols[i] ?? String(i), v]));
  });
}

const IMAGE = /\.(jpe?g|png|webp)$/i;

/**
 * Labels of booth-rules-dev believed wrong on sight, each with the reason (tools/labelCorrections.csv).
 * The evaluation scores against the corrected label: a threshold is never tuned to a label believed wrong.
 */
export function labelCorrections(): { file: string; column: string; was: string; now: string; why: string }[] {
  return readCsv(path.join(import.meta.dirname, 'labelCorrections.csv')).map((r) => ({ file: r.file ?? '', column: r.column ?? '', was: r.was ?? '', now: r.now ?? '', why: r.why ?? '' }));
}

export async function loadSet(entry: (typeof SETS)[number]): Promise<EvalSample[]> {
  const dir = path.join(EVAL_DATA, entry.images);
  const byName = new Map((entry.labels ? readCsv(path.join(EVAL_DATA, entry.labels)) : []).map((r) => [r.file ?? '', r]));
  if (entry.set === 'booth') {
    for (const c of labelCorrections()) {
      const labels = byName.get(c.file);
      if (labels?.[c.column] !== c.was) throw new Error(`labelCorrections.csv: ${c.file} ${c.column} is ${labels?.[c.column] ?? 'missing'}, not ${c.was}: the set changed, review the correction`);
      labels[c.column] = c.now;
    }
  }
  const files = readdirSync(dir).filter((f) => IMAGE.test(f)).sort().map((f) => path.join(dir, f));
  const analyses = await analyzeFiles(files);
  const samples: EvalSample[] = [];
  for (const file of files) {
    const analysis = analyses.get(file);
    if (!analysis) continue;
    // one image in memory at a time: the portraits are several megapixels each
    const ctx = checkContext(analysis, await loadRgbImage(file), { background: DEFAULT_BACKGROUND });
    const results = new Map(RULES.map((r) => [r.id, r.check(ctx)] as const));
    samples.push({ set: entry.set, name: path.basename(file), results, labels: byName.get(path.basename(file)) ?? {} });
  }
  return samples;
}

export async function loadAllSets(): Promise<EvalSample[]> {
  const out: EvalSample[] = [];
  for (const entry of SETS) out.push(...(await loadSet(entry)));
  out.push(...(await loadEdits()));
  return out;
}
