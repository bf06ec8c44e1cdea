// The one place that changes a submission's state: the row, the booth's event feed and the audit log
// move together in one transaction, so a booth never misses a decision and every decision is logged.
import { sql, type Kysely, type Transaction } from 'kysely';
import { ulid } from 'ulid';
import type { Database } from '../db/schema.ts';
import type { BoothConfig, ReasonCode, SubmissionState } from '../../../shared/sync/protocol.ts';
import type { RuleId } from '../../../shared/checkResult.ts';
import { canTransition } from './stateMachine.ts';
import { isReviewerActor, recordRuleOutcomes } from '../agreement/ruleOutcomes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function audit(db: Db, actor: string, action: string, subject: string, detail: unknown, now = Date.now()): Promise<void> {
  await db.insertInto('audit_log').values({ id: ulid(now), at: now, actor, action, subject, detail: JSON.stringify(detail) }).execute();
}

export interface BoothEventInput {
  kind: 'submission.state' | 'config';
  submissionId: string | null;
  state: SubmissionState | null;
  reasons: readonly ReasonCode[];
  note: string;
  config: BoothConfig | null;
}

/**
 * Appends to a booth's feed. The per-booth counter is bumped under the booth row's lock, so events
 * of one booth commit in cursor order even with several service nodes: a reader never skips one.
 */
export async function appendBoothEvent(trx: Transaction<Database>, boothId: string, event: BoothEventInput, now: number): Promise<number> {
  const { event_seq: seq } = await trx.updateTable('booths').set({ event_seq: sql<number>`event_seq + 1` }).where('id', '=', boothId)
    .returning('event_seq').executeTakeFirstOrThrow();
  await trx.insertInto('booth_events').values({
    booth_id: boothId,
    seq,
    kind: event.kind,
    submission_id: event.submissionId,
    state: event.state,
    reasons: JSON.stringify(event.reasons),
    note: event.note,
    config: event.config ? JSON.stringify(event.config) : null,
    at: now,
  }).execute();
  return seq;
}

export interface TransitionInput {
  submissionId: string;
  from: SubmissionState;
  to: SubmissionState;
  actor: string;
  reasons?: readonly ReasonCode[];
  /** rules a reviewer marks as booth false alarms on an approval */
  flags?: readonly RuleId[];
  note?: string;
  batchId?: string | null;
}

/** Moves one submission if it is still in `from`; false when someone else moved it first. */
export async function transition(trx: Transaction<Database>, input: TransitionInput, now = Date.now()): Promise<boolean> {
  if (!canTransition(input.from, input.to)) throw new RangeError(`a submission cannot go from ${input.from} to ${input.to}`);
  const decides = input.to === 'approved' || input.to === 'rejected';
  const updated = await trx.updateTable('submissions')
    .set({
      state: input.to,
      updated_at: now,
      ...(decides && input.from === 'pending' ? { decided_at: now, decided_by: input.actor, reasons: JSON.stringify(input.reasons ?? []), flags: JSON.stringify(input.flags ?? []), note: input.note ?? '' } : {}),
      ...(input.batchId !== undefined ? { batch_id: input.batchId } : {}),
    })
    .where('id', '=', input.submissionId).where('state', '=', input.from)
    .returning(['booth_id', 'reasons', 'note'])
    .executeTakeFirst();
  if (!updated) return false;
  await appendBoothEvent(trx, updated.booth_id, {
    kind: 'submission.state',
    submissionId: input.submissionId,
    state: input.to,
    reasons: JSON.parse(updated.reasons) as ReasonCode[],
    note: updated.note,
    config: null,
  }, now);
  await audit(trx, input.actor, `submission.${input.to}`, input.submissionId, { from: input.from, reasons: input.reasons ?? [], flags: input.flags ?? [], note: input.note ?? '' }, now);
  // what the decision says about each rule, for the agreement report: in this transaction or not at all
  if (decides && input.from === 'pending' && isReviewerActor(input.actor)) await recordRuleOutcomes(trx, input.submissionId);
  return true;
}
