// The calibration export (shared/checks/fieldExport.ts): every reviewer-decided photo in the
// filter, one CSV record per rule the booth reported. Streamed page by page, so a term's worth of
// decisions never sits in memory; only rule facts leave the metadata (no code, note, photo or id).
import { sql, type Kysely } from 'kysely';
import type { SubmissionMetadata } from '../../../shared/sync/protocol.ts';
import { fieldExportHeader, fieldExportLine } from '../../../shared/checks/fieldExport.ts';
import type { Database } from '../db/schema.ts';
import { filterSql, type AgreementFilter } from './agreementReport.ts';
import { boothVerdicts, decisionOfRow, REVIEWER_DECIDED, reviewerOutcome } from './ruleOutcomes.ts';

const PAGE = 500;

export async function* calibrationExport(db: Kysely<Database>, filter: AgreementFilter): AsyncGenerator<string> {
  yield fieldExportHeader();
  let sample = 0;
  let after: { at: number; id: string } | null = null;
  for (;;) {
    const cursor: { at: number; id: string } | null = after;
    const page = await db.selectFrom('submissions').select(['id', 'decided_at', 'state', 'reasons', 'flags', 'metadata'])
      .where(REVIEWER_DECIDED).where(filterSql(filter))
      .$if(cursor !== null, (q) => q.where(sql<boolean>`(decided_at > ${cursor!.at} or (decided_at = ${cursor!.at} and id > ${cursor!.id}))`))
      .orderBy('decided_at').orderBy('id').limit(PAGE).execute();
    const last = page.at(-1);
    if (!last) return;
    let chunk = '';
    for (const row of page) {
      sample += 1;
      const metadata = JSON.parse(row.metadata) as Pick<SubmissionMetadata, 'checks' | 'overrides'>;
      const verdicts = boothVerdicts(metadata);
      const decision = decisionOfRow(row);
      for (const check of metadata.checks) {
        chunk += fieldExportLine({
          sample, rule: check.id, value: check.value, unit: check.threshold.unit,
          threshold_min: check.threshold.min ?? null, threshold_max: check.threshold.max ?? null,
          verdict: check.verdict, overridden: verdicts.get(check.id) === 'overridden', outcome: reviewerOutcome(decision, check.id),
        });
      }
    }
    yield chunk;
    after = { at: last.decided_at ?? 0, id: last.id };
  }
}
