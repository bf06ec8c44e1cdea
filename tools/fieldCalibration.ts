// `npm run eval:checks -- --field FILE`: the review service's calibration export
// (shared/checks/fieldExport.ts) as labelled samples and rule tasks of the shape tools/evalChecks.ts
// cross-validates, so thresholds are refitted from reviewer decisions with the same folds and tables.
// The label of a rule is "the reviewer rejected the photo for this rule"; every other outcome
// (approved, approved with the booth's verdict marked wrong, rejected for other reasons) is a negative.
import { readFileSync } from 'node:fs';
import type { RuleId, Threshold } from '../shared/checkResult.ts';
import { parseCsv } from '../shared/csv.ts';
import { FIELD_EXPORT_COLUMNS, FieldExportRowSchema, type FieldExportRow } from '../shared/checks/fieldExport.ts';
import { result } from '../shared/checks/result.ts';
import type { EvalSample } from './evalSets.ts';
import type { RuleTask } from './evalTasks.ts';

export const FIELD_SET = 'field';

/** The FILE of `--field FILE`, or null without the option. */
export function fieldFileArgument(argv: readonly string[]): string | null {
  const at = argv.indexOf('--field');
  if (at < 0) return null;
  const file = argv[at + 1];
  if (!file || file.startsWith('--')) throw new Error('--field needs the calibration export file: npm run eval:checks -- --field gradbooth-calibration.csv');
  return file;
}

export function parseFieldExport(text: string, source: string): FieldExportRow[] {
  const [head, ...records] = parseCsv(text);
  if (head?.join(',') !== FIELD_EXPORT_COLUMNS.join(',')) {
    throw new Error(`${source}: not a GradBooth calibration export (its first line must be ${FIELD_EXPORT_COLUMNS.join(',')}); download it from the admin page's agreement report`);
  }
  return records.map((cells, i) => {
    const parsed = FieldExportRowSchema.safeParse(Object.fromEntries(FIELD_EXPORT_COLUMNS.map((c, j) => [c, cells[j] ?? ''])));
    if (!parsed.success) throw new Error(`${source} line ${i + 2}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return parsed.data;
  });
}

/** One sample per exported photo; its results rebuilt as CheckResults, its labels the reviewer's outcome per rule. */
export function fieldSamples(rows: readonly FieldExportRow[]): EvalSample[] {
  const bySample = new Map<number, EvalSample>();
  for (const row of rows) {
    let sample = bySample.get(row.sample);
    if (!sample) {
      sample = { set: FIELD_SET, name: String(row.sample), results: new Map(), labels: {} };
      bySample.set(row.sample, sample);
    }
    const threshold: Threshold = { unit: row.unit, ...(row.threshold_min !== null ? { min: row.threshold_min } : {}), ...(row.threshold_max !== null ? { max: row.threshold_max } : {}) };
    sample.results.set(row.rule, result(row.rule, row.verdict, row.value, threshold));
    sample.labels[row.rule] = row.outcome;
  }
  return [...bySample.values()];
}

/** The threshold most photos of a rule were checked with (a booth's configuration may shift it). */
function usualThreshold(samples: readonly EvalSample[], rule: RuleId): Threshold | null {
  const seen = new Map<string, { t: Threshold; n: number }>();
  for (const s of samples) {
    const t = s.results.get(rule)?.threshold;
    if (!t) continue;
    const key = `${t.min}|${t.max}`;
    seen.set(key, { t, n: (seen.get(key)?.n ?? 0) + 1 });
  }
  return [...seen.values()].sort((a, b) => b.n - a.n)[0]?.t ?? null;
}

/**
 * One task per measured rule, its score oriented as the shipped threshold is: the value where the rule
 * flags above a limit, its negative where it flags below one, and for a range how far outside the
 * photo's own range the value lies.
 */
export function fieldTasks(samples: readonly EvalSample[]): RuleTask[] {
  const rules = [...new Set(samples.flatMap((s) => [...s.results.keys()]))].sort();
  const tasks: RuleTask[] = [];
  for (const rule of rules) {
    const t = usualThreshold(samples, rule);
    if (!t || (t.min === undefined && t.max === undefined)) continue;
    const common = { rule, labels: 'field: reviewer rejected for this rule', truth: (s: EvalSample) => (s.labels[rule] === undefined ? null : s.labels[rule] === 'rejected') };
    if (t.min !== undefined && t.max !== undefined) {
      // the distance needs each photo's own range, so the score reads it from the sample
      tasks.push({ ...common, rangeScore: (v, own) => Math.max((own.min ?? -Infinity) - v, v - (own.max ?? Infinity)) });
    } else if (t.max !== undefined) {
      tasks.push(common);
    } else {
      tasks.push({ ...common, score: (v) => -v, unscore: (v) => -v });
    }
  }
  return tasks;
}

export function readFieldCalibration(file: string): { samples: EvalSample[]; tasks: RuleTask[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the calibration export ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const samples = fieldSamples(parseFieldExport(text, file));
  return { samples, tasks: fieldTasks(samples) };
}
