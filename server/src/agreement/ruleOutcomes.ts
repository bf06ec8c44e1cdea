// What a reviewer's decision says about each rule, beside what the booth said about it: the facts
// the agreement report counts and the calibration export lists. Both sources are immutable (the
// upload's metadata, and a decision, which the state machine never changes), so the rows are
// written once, in the decision's own transaction, and never edited.
import { sql, type Kysely, type Transaction } from 'kysely';
import { RULE_IDS, type RuleId } from '../../../shared/checkResult.ts';
import type { ReasonCode, SubmissionMetadata } from '../../../shared/sync/protocol.ts';
import type { ReviewerOutcome } from '../../../shared/checks/fieldExport.ts';
import type { Database } from '../db/schema.ts';
import { HttpError } from '../http/httpError.ts';

export const BOOTH_VERDICTS = ['pass', 'warn', 'fail', 'overridden', 'unchecked'] as const;
/** The booth's word on a rule: `overridden` is a fail that booth staff let through; `unchecked`, a rule it did not report. */
export type BoothVerdict = (typeof BOOTH_VERDICTS)[number];

/** Decisions made by a person in the reviewer UI; the resolver's identity.unverified rejections are not. */
export const REVIEWER_ACTOR_PREFIX = 'user:';
export const isReviewerActor = (actor: string | null): boolean => actor?.startsWith(REVIEWER_ACTOR_PREFIX) ?? false;
/** The same as SQL over submissions, with the pattern inlined so the partial index submissions_reviewed (migration 0003) serves it. */
export const REVIEWER_DECIDED = sql<boolean>`decided_by like ${sql.lit(`${REVIEWER_ACTOR_PREFIX}%`)}`;

type BoothFacts = Pick<SubmissionMetadata, 'checks'> & { overrides?: SubmissionMetadata['overrides'] };

export function boothVerdicts(facts: BoothFacts): Map<RuleId, BoothVerdict> {
  const overridden = new Set((facts.overrides ?? []).map((o) => o.ruleId));
  const reported = new Map<RuleId, BoothVerdict>(facts.checks.map((c) => [c.id, c.verdict === 'fail' && overridden.has(c.id) ? 'overridden' : c.verdict]));
  return new Map(RULE_IDS.map((id) => [id, reported.get(id) ?? 'unchecked']));
}

export interface ReviewDecision {
  approved: boolean;
  reasons: readonly ReasonCode[];
  /** rules the reviewer marked as booth false alarms (approvals only) */
  flags: readonly RuleId[];
}

/** The decision as a submission row stores it. */
export function decisionOfRow(row: { state: string; reasons: string; flags: string }): ReviewDecision {
  return { approved: row.state !== 'rejected', reasons: JSON.parse(row.reasons) as ReasonCode[], flags: JSON.parse(row.flags) as RuleId[] };
}

export function reviewerOutcome(decision: ReviewDecision, rule: RuleId): ReviewerOutcome {
  if (!decision.approved) return decision.reasons.includes(rule) ? 'rejected' : 'other';
  return decision.flags.includes(rule) ? 'flagged' : 'approved';
}

/** Why these flags cannot be recorded, or null: only an approval flags, and only rules the booth warned or failed on. */
export function flagProblem(verdicts: ReadonlyMap<RuleId, BoothVerdict>, decision: ReviewDecision): string | null {
  if (decision.flags.length === 0) return null;
  if (!decision.approved) return 'only an approval can mark a booth verdict as wrong';
  const notRaised = decision.flags.filter((id) => !['warn', 'fail', 'overridden'].includes(verdicts.get(id) ?? 'unchecked'));
  return notRaised.length > 0 ? `the booth did not warn or fail on ${notRaised.join(', ')}, so there is no booth verdict to mark as wrong` : null;
}

export interface RuleOutcome {
  ruleId: RuleId;
  boothVerdict: BoothVerdict;
  /** the reviewer rejected the photo for this rule */
  rejected: boolean;
  flagged: boolean;
}

/**
 * The rules worth a row: those the booth did not pass or the reviewer rejected for. The rest of the
 * decisions are "booth passed, reviewer did not reject for it", which the report gets by subtraction.
 */
export function ruleOutcomes(verdicts: ReadonlyMap<RuleId, BoothVerdict>, decision: ReviewDecision): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  for (const [ruleId, boothVerdict] of verdicts) {
    const outcome = reviewerOutcome(decision, ruleId);
    if (boothVerdict !== 'pass' || outcome === 'rejected') out.push({ ruleId, boothVerdict, rejected: outcome === 'rejected', flagged: outcome === 'flagged' });
  }
  return out;
}

interface DecidedRow {
  id: string;
  booth_id: string;
  school: string;
  state: string;
  reasons: string;
  flags: string;
  metadata: string;
  decided_at: number | null;
}

/** The rule_outcomes rows of one decided submission; throws when its flags do not fit what the booth said. */
export function ruleOutcomeRows(row: DecidedRow): Database['rule_outcomes'][] {
  const verdicts = boothVerdicts(JSON.parse(row.metadata) as BoothFacts);
  const decision = decisionOfRow(row);
  const problem = flagProblem(verdicts, decision);
  if (problem) throw new HttpError(400, 'bad_flag', problem);
  return ruleOutcomes(verdicts, decision).map((o) => ({
    submission_id: row.id, rule_id: o.ruleId, booth_verdict: o.boothVerdict, rejected: o.rejected ? 1 : 0, flagged: o.flagged ? 1 : 0,
    decided_at: row.decided_at ?? 0, booth_id: row.booth_id, school: row.school,
  }));
}

const DECIDED_COLUMNS = ['id', 'booth_id', 'school', 'state', 'reasons', 'flags', 'metadata', 'decided_at'] as const;

/** Records a reviewer decision's rows, inside the transaction that made the decision. */
export async function recordRuleOutcomes(trx: Transaction<Database>, submissionId: string): Promise<void> {
  const row = await trx.selectFrom('submissions').select(DECIDED_COLUMNS).where('id', '=', submissionId).executeTakeFirstOrThrow();
  const rows = ruleOutcomeRows(row);
  if (rows.length > 0) await trx.insertInto('rule_outcomes').values(rows).execute();
}

/** Rows for reviewer decisions made before the table existed (migration 0003). */
export async function backfillRuleOutcomes(db: Kysely<Database>): Promise<void> {
  let after = '';
  for (;;) {
    const page = await db.selectFrom('submissions').select(DECIDED_COLUMNS)
      .where(REVIEWER_DECIDED).where('id', '>', after).orderBy('id').limit(500).execute();
    const last = page.at(-1);
    if (!last) return;
    const rows = page.flatMap(ruleOutcomeRows);
    // SQLite takes at most 32766 bound values per statement: 9 per row
    for (let i = 0; i < rows.length; i += 2000) await db.insertInto('rule_outcomes').values(rows.slice(i, i + 2000)).execute();
    after = last.id;
  }
}
