// The review service's calibration export (docs/review-service.md §Agreement): one CSV record per
// reviewer-decided photo and rule the booth reported, with the rule's measured value, its threshold,
// the booth's verdict and what the reviewer decided about that rule. `npm run eval:checks -- --field`
// refits thresholds from it. Nothing in it identifies a student or a submission: no collection code,
// name, ID digits, note, photo or submission id; a photo is only a number within one export.
import { z } from 'zod';
import { RuleIdSchema, VerdictSchema } from '../checkResult.ts';
import { csvLine } from '../csv.ts';

/**
 * What the reviewer said about one rule of one photo: `rejected` for this rule; `flagged`: approved,
 * and the reviewer marked the booth's warn or fail on this rule as wrong; `approved`; `other`:
 * rejected for other reasons only.
 */
export const ReviewerOutcomeSchema = z.enum(['rejected', 'flagged', 'approved', 'other']);
export type ReviewerOutcome = z.infer<typeof ReviewerOutcomeSchema>;

/** a number cell; empty where nothing was measured or there is no such limit */
const number = z.string().transform((text, ctx) => {
  if (text === '') return null;
  const n = Number(text);
  if (Number.isFinite(n)) return n;
  ctx.addIssue({ code: 'custom', message: `"${text}" is not a number` });
  return z.NEVER;
});

/** One record as text cells, in FIELD_EXPORT_COLUMNS order; parsing it gives the typed row. */
export const FieldExportRowSchema = z.object({
  /** the photo's number within this export (1, 2, …): groups a photo's rules, links to nothing */
  sample: z.string().regex(/^[1-9][0-9]*$/).transform(Number),
  rule: RuleIdSchema,
  value: number,
  unit: z.string(),
  threshold_min: number,
  threshold_max: number,
  verdict: VerdictSchema,
  /** 1 when booth staff let this failed rule through (the operator override) */
  overridden: z.enum(['0', '1']).transform((v) => v === '1'),
  outcome: ReviewerOutcomeSchema,
});
export type FieldExportRow = z.output<typeof FieldExportRowSchema>;

export const FIELD_EXPORT_COLUMNS = Object.keys(FieldExportRowSchema.shape) as (keyof FieldExportRow)[];

export function fieldExportHeader(): string {
  return csvLine(FIELD_EXPORT_COLUMNS);
}

export function fieldExportLine(row: FieldExportRow): string {
  return csvLine(FIELD_EXPORT_COLUMNS.map((column) => {
    const cell = row[column];
    return typeof cell === 'boolean' ? (cell ? 1 : 0) : cell;
  }));
}
