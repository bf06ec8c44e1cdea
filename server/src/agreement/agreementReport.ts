// The agreement report (issue 16): per rule, how the booth's verdicts line up with the reviewers'
// decisions over a period, optionally for one booth or school. Computed on each request from the
// decisions (their rule_outcomes rows and the count of decisions), never stored.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { RULE_IDS, RuleIdSchema, type RuleId } from '../../../shared/checkResult.ts';
import { csvLine } from '../../../shared/csv.ts';
import type { Database } from '../db/schema.ts';
import { BOOTH_VERDICTS, REVIEWER_DECIDED, type BoothVerdict } from './ruleOutcomes.ts';

/** An empty query parameter (a cleared form field) means "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const AgreementFilterSchema = z.object({
  from: optional(z.coerce.number().int().min(0)).describe('decisions at or after this time, ms since epoch'),
  to: optional(z.coerce.number().int().min(0)).describe('decisions before this time, ms since epoch'),
  boothId: optional(z.string().max(64)).describe('only this booth'),
  school: optional(z.string().max(120)).describe('only this school'),
}).refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, 'from must be before to');
export type AgreementFilter = z.output<typeof AgreementFilterSchema>;

const CellSchema = z.object({
  rejected: z.number().int().describe('the reviewer rejected the photo for this rule'),
  other: z.number().int().describe('the reviewer approved, or rejected for other reasons only'),
});
type Cell = z.infer<typeof CellSchema>;

export const RuleAgreementSchema = z.object({
  ruleId: RuleIdSchema,
  counts: z.object(Object.fromEntries(BOOTH_VERDICTS.map((v) => [v, CellSchema])) as Record<BoothVerdict, typeof CellSchema>)
    .describe('booth verdict × reviewer outcome; overridden = a fail booth staff let through, unchecked = the booth did not report the rule; the cells add up to `decided`'),
  reviewerFlags: z.number().int().describe('approvals on which the reviewer marked the booth\'s warn or fail on this rule as wrong: booth false alarms'),
  failPrecision: z.number().nullable().describe('of the photos the booth failed (overridden or not), the share the reviewer rejected for this rule'),
  recall: z.number().nullable().describe('of the photos the reviewer rejected for this rule that the booth checked, the share it warned or failed on'),
  overrides: z.object({
    upheld: z.number().int().describe('overridden fails the reviewer did not reject the photo for'),
    rejected: z.number().int().describe('overridden fails the reviewer rejected the photo for'),
    upheldRate: z.number().nullable(),
  }),
});
export type RuleAgreement = z.infer<typeof RuleAgreementSchema>;

export const AgreementReportSchema = z.object({
  filter: z.object({ from: z.number().nullable(), to: z.number().nullable(), boothId: z.string().nullable(), school: z.string().nullable() }),
  decided: z.number().int().describe('reviewer decisions in the period (the resolver\'s identity.unverified rejections are not counted)'),
  rules: z.array(RuleAgreementSchema).describe('every rule, worst first: the lower of fail precision and recall ascending, rules with neither last'),
});
export type AgreementReport = z.infer<typeof AgreementReportSchema>;

/** The filter as SQL over decided_at, booth_id and school, columns both submissions and rule_outcomes have. */
export function filterSql(filter: AgreementFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`decided_at is not null`];
  if (filter.from !== undefined) parts.push(sql`decided_at >= ${filter.from}`);
  if (filter.to !== undefined) parts.push(sql`decided_at < ${filter.to}`);
  if (filter.boothId !== undefined) parts.push(sql`booth_id = ${filter.boothId}`);
  if (filter.school !== undefined) parts.push(sql`school = ${filter.school}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

export interface OutcomeGroup {
  ruleId: string;
  boothVerdict: string;
  rejected: boolean;
  flagged: boolean;
  n: number;
}

const rate = (k: number, n: number): number | null => (n > 0 ? k / n : null);

/** One rule's row from its outcome groups; `decided` fills the "pass, other" cell, which has no rows. */
function ruleAgreement(ruleId: RuleId, groups: readonly OutcomeGroup[], decided: number): RuleAgreement {
  const counts = Object.fromEntries(BOOTH_VERDICTS.map((v) => [v, { rejected: 0, other: 0 }])) as Record<BoothVerdict, Cell>;
  let reviewerFlags = 0;
  let stored = 0;
  for (const g of groups) {
    const cell = counts[g.boothVerdict as BoothVerdict];
    if (g.rejected) cell.rejected += g.n;
    else cell.other += g.n;
    if (g.flagged) reviewerFlags += g.n;
    stored += g.n;
  }
  counts.pass.other = decided - stored;
  const { pass, warn, fail, overridden } = counts;
  const total = (c: Cell): number => c.rejected + c.other;
  return {
    ruleId,
    counts,
    reviewerFlags,
    failPrecision: rate(fail.rejected + overridden.rejected, total(fail) + total(overridden)),
    recall: rate(warn.rejected + fail.rejected + overridden.rejected, pass.rejected + warn.rejected + fail.rejected + overridden.rejected),
    overrides: { upheld: overridden.other, rejected: overridden.rejected, upheldRate: rate(overridden.other, total(overridden)) },
  };
}

/**
 * Worst first: the lower of the two rates; rules without either last; then more disagreement (misses,
 * fails not upheld, flags), then more photos the booth raised, first.
 */
function worstFirst(a: RuleAgreement, b: RuleAgreement): number {
  const worst = (r: RuleAgreement): number => Math.min(r.failPrecision ?? Infinity, r.recall ?? Infinity);
  const disagreement = (r: RuleAgreement): number => r.counts.pass.rejected + r.counts.fail.other + r.counts.overridden.other + r.reviewerFlags;
  const raised = (r: RuleAgreement): number => (['warn', 'fail', 'overridden'] as const).reduce((n, v) => n + r.counts[v].rejected + r.counts[v].other, 0);
  return worst(a) - worst(b) || disagreement(b) - disagreement(a) || raised(b) - raised(a) || a.ruleId.localeCompare(b.ruleId);
}

export function summarise(filter: AgreementFilter, decided: number, groups: readonly OutcomeGroup[]): AgreementReport {
  const byRule = new Map<string, OutcomeGroup[]>();
  for (const g of groups) byRule.set(g.ruleId, [...(byRule.get(g.ruleId) ?? []), g]);
  return {
    filter: { from: filter.from ?? null, to: filter.to ?? null, boothId: filter.boothId ?? null, school: filter.school ?? null },
    decided,
    rules: RULE_IDS.map((id) => ruleAgreement(id, byRule.get(id) ?? [], decided)).sort(worstFirst),
  };
}

/** Benchmarked in bench/agreement.bench.ts (100,000 decisions on PostgreSQL). */
export async function agreementReport(db: Kysely<Database>, filter: AgreementFilter): Promise<AgreementReport> {
  // both counts from one snapshot, so a decision committing in between cannot unbalance the cells
  const { decided, groups } = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const count = await trx.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n'))
      .where(REVIEWER_DECIDED).where(filterSql(filter)).executeTakeFirstOrThrow();
    const rows = await trx.selectFrom('rule_outcomes')
      .select(['rule_id', 'booth_verdict', 'rejected', 'flagged', (eb) => eb.fn.countAll<number>().as('n')])
      .where(filterSql(filter)).groupBy(['rule_id', 'booth_verdict', 'rejected', 'flagged']).execute();
    return { decided: Number(count.n), groups: rows.map((r) => ({ ruleId: r.rule_id, boothVerdict: r.booth_verdict, rejected: r.rejected === 1, flagged: r.flagged === 1, n: Number(r.n) })) };
  });
  return summarise(filter, decided, groups);
}

const CSV_COLUMNS = [
  'rule', 'decided',
  ...BOOTH_VERDICTS.flatMap((v) => [`${v}_rejected`, `${v}_other`]),
  'reviewer_flags', 'fail_precision', 'recall', 'overrides_upheld', 'overrides_rejected', 'override_upheld_rate',
];

const fixed = (x: number | null): string | null => (x === null ? null : x.toFixed(4));

/** The report as CSV, one line per rule in the report's order (worst first). */
export function agreementCsv(report: AgreementReport): string {
  return csvLine(CSV_COLUMNS) + report.rules.map((r) => csvLine([
    r.ruleId, report.decided,
    ...BOOTH_VERDICTS.flatMap((v) => [r.counts[v].rejected, r.counts[v].other]),
    r.reviewerFlags, fixed(r.failPrecision), fixed(r.recall), r.overrides.upheld, r.overrides.rejected, fixed(r.overrides.upheldRate),
  ])).join('');
}
