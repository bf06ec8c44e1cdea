// One transmission batch: claims approved submissions (上网中), hands them to the transmitter and
// records the outcome (采集完成, or back to 审核通过 for a later batch). Claiming is a conditional
// update, so two service nodes never send the same photo twice.
import { ulid } from 'ulid';
import type { ServiceContext } from '../serviceContext.ts';
import type { ApprovedPhoto } from './chsiTransmitter.ts';
import { transition } from '../submissions/submissionLedger.ts';
import type { SubmissionMetadata } from '../../../shared/sync/protocol.ts';

export async function runTransmissionBatch(ctx: ServiceContext, maxPhotos = 100): Promise<{ batchId: string; sent: number; accepted: number } | null> {
  const candidates = await ctx.db.selectFrom('submissions').select('id').where('state', '=', 'approved').orderBy('decided_at').limit(maxPhotos).execute();
  if (candidates.length === 0) return null;
  const batchId = ulid();
  const claimed: string[] = [];
  for (const { id } of candidates) {
    const ok = await ctx.db.transaction().execute((trx) => transition(trx, { submissionId: id, from: 'approved', to: 'transmitting', actor: 'transmitter', batchId }));
    if (ok) claimed.push(id);
  }
  if (claimed.length === 0) return null;
  const rows = await ctx.db.selectFrom('submissions').select(['id', 'metadata', 'degree_category', 'school', 'standardized_sha256']).where('id', 'in', claimed).execute();
  const photos: ApprovedPhoto[] = [];
  for (const row of rows) {
    const jpeg = await ctx.objects.get(row.standardized_sha256);
    if (!jpeg) throw new Error(`photo object ${row.standardized_sha256} of submission ${row.id} is missing from the object store: restore it from backup`);
    const metadata = JSON.parse(row.metadata) as Pick<SubmissionMetadata, 'collectionCode'>;
    photos.push({ submissionId: row.id, collectionCode: metadata.collectionCode, degreeCategory: row.degree_category, school: row.school, jpeg });
  }
  let outcomes;
  try {
    outcomes = await ctx.transmitter.transmit(batchId, photos);
  } catch (error) {
    outcomes = photos.map((p) => ({ submissionId: p.submissionId, accepted: false, detail: `transmitter failed: ${error instanceof Error ? error.message : String(error)}` }));
  }
  let accepted = 0;
  for (const outcome of outcomes) {
    if (outcome.accepted) accepted += 1;
    await ctx.db.transaction().execute((trx) => transition(trx, { submissionId: outcome.submissionId, from: 'transmitting', to: outcome.accepted ? 'done' : 'approved', actor: 'transmitter' }));
  }
  await ctx.db.insertInto('transmissions').values({ batch_id: batchId, created_at: Date.now(), count: photos.length, outcome: `${accepted}/${photos.length} accepted`, detail: JSON.stringify(outcomes) }).execute();
  return { batchId, sent: photos.length, accepted };
}
