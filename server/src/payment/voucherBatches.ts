// Voucher batches at the service: an admin issues a batch for one booth (the codes are shown once and
// never stored, only their salted hashes in the signed batch), booths fetch their signed batches, and
// the redemptions booths report at sync are reconciled: the first use of a voucher stands, any other
// use is flagged for staff, a re-sent report gets the verdict it had.
import { ulid } from 'ulid';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation } from '../db/database.ts';
import { HttpError } from '../http/httpError.ts';
import { audit } from '../submissions/submissionLedger.ts';
import { toFen } from '../../../shared/payment/fen.ts';
import { issueVoucherBatch, type SignedVoucherBatch } from '../../../shared/payment/voucherBatch.ts';
import { isFlagged, reconcileRedemptions, type VoucherRedemption } from '../../../shared/payment/voucherReconciliation.ts';
import { RedemptionVerdictSchema, type RedemptionsResponse, type VoucherRedemptionReport } from '../../../shared/sync/protocol.ts';
import type { ServiceSigner } from './serviceSigningKey.ts';

const DAY_MS = 86_400_000;

export const NewVoucherBatchSchema = z.object({
  boothId: z.string().min(1),
  count: z.number().int().min(1).max(10_000),
  valueFen: z.number().int().min(0).max(100_000),
  validDays: z.number().int().min(1).max(366),
});

export interface IssuedBatch {
  batchId: string;
  boothId: string;
  expiresAt: number;
  /** printed for the admin once; the service keeps only their hashes */
  codes: string[];
}

export async function issueBatch(db: Kysely<Database>, signer: ServiceSigner, input: unknown, actor: string, now = Date.now()): Promise<IssuedBatch> {
  const request = NewVoucherBatchSchema.parse(input);
  const booth = await db.selectFrom('booths').select('id').where('id', '=', request.boothId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!booth) throw new HttpError(404, 'not_found', 'no such active booth');
  const batchId = ulid(now);
  const expiresAt = now + request.validDays * DAY_MS;
  const { codes, batch } = await issueVoucherBatch({ boothId: request.boothId, batchId, expiresAt, valueFen: toFen(request.valueFen), count: request.count }, signer.sign);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('voucher_batches').values({
      id: batchId, booth_id: request.boothId, count: request.count, value_fen: request.valueFen, expires_at: expiresAt,
      signed_batch: JSON.stringify(batch), created_by: actor, created_at: now,
    }).execute();
    await audit(trx, actor, 'voucher_batch.issued', batchId, { boothId: request.boothId, count: request.count, valueFen: request.valueFen, expiresAt }, now);
  });
  return { batchId, boothId: request.boothId, expiresAt, codes };
}

/** What the booth downloads: its batches that have not expired. */
export async function batchesForBooth(db: Kysely<Database>, boothId: string, now = Date.now()): Promise<SignedVoucherBatch[]> {
  const rows = await db.selectFrom('voucher_batches').select('signed_batch').where('booth_id', '=', boothId).where('expires_at', '>', now).orderBy('created_at').execute();
  return rows.map((r) => JSON.parse(r.signed_batch) as SignedVoucherBatch);
}

export interface BatchSummary {
  batchId: string;
  boothId: string;
  boothLabel: string | null;
  count: number;
  valueFen: number;
  expiresAt: number;
  createdAt: number;
  createdBy: string;
  redeemed: number;
  /** redemptions flagged at reconciliation (double use, not in the batch, after expiry) */
  flagged: { redemptionId: string; verdict: string; redeemedAt: number; firstRedemptionId: string | null }[];
}

export async function listBatches(db: Kysely<Database>): Promise<BatchSummary[]> {
  const batches = await db.selectFrom('voucher_batches').leftJoin('booths', 'booths.id', 'voucher_batches.booth_id')
    .select(['voucher_batches.id', 'voucher_batches.booth_id', 'booths.label', 'voucher_batches.count', 'voucher_batches.value_fen', 'voucher_batches.expires_at', 'voucher_batches.created_at', 'voucher_batches.created_by'])
    .orderBy('voucher_batches.created_at', 'desc').limit(200).execute();
  if (batches.length === 0) return [];
  const redemptions = await db.selectFrom('voucher_redemptions').select(['redemption_id', 'batch_id', 'verdict', 'redeemed_at', 'first_redemption_id'])
    .where('batch_id', 'in', batches.map((b) => b.id)).execute();
  return batches.map((b) => {
    const mine = redemptions.filter((r) => r.batch_id === b.id);
    return {
      batchId: b.id, boothId: b.booth_id, boothLabel: b.label, count: b.count, valueFen: b.value_fen, expiresAt: b.expires_at, createdAt: b.created_at, createdBy: b.created_by,
      redeemed: mine.filter((r) => r.verdict === 'accepted').length,
      // only first uses ('accepted') and flags are stored; a re-sent report is answered, not stored
      flagged: mine.filter((r) => r.verdict !== 'accepted')
        .map((r) => ({ redemptionId: r.redemption_id, verdict: r.verdict, redeemedAt: r.redeemed_at, firstRedemptionId: r.first_redemption_id })),
    };
  });
}

/** One report at a time, so a concurrent report of the same voucher from another booth loses cleanly. */
async function reconcileOne(db: Kysely<Database>, boothId: string, report: VoucherRedemptionReport, now: number): Promise<RedemptionsResponse['results'][number]> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const seen = await db.selectFrom('voucher_redemptions').select('verdict').where('redemption_id', '=', report.redemptionId).executeTakeFirst();
    if (seen) return { redemptionId: report.redemptionId, verdict: seen.verdict === 'accepted' ? 'already_recorded' : RedemptionVerdictSchema.parse(seen.verdict) };
    const batchRow = await db.selectFrom('voucher_batches').select(['booth_id', 'expires_at', 'signed_batch']).where('id', '=', report.batchId).executeTakeFirst();
    const batches = batchRow ? [{ boothId: batchRow.booth_id, batchId: report.batchId, expiresAt: batchRow.expires_at, voucherHashes: (JSON.parse(batchRow.signed_batch) as SignedVoucherBatch).payload.voucherHashes }] : [];
    const first = await db.selectFrom('voucher_redemptions').selectAll().where('voucher_hash', '=', report.voucherHash).where('verdict', '=', 'accepted').executeTakeFirst();
    const recorded: VoucherRedemption[] = first
      ? [{ redemptionId: first.redemption_id, boothId: first.booth_id, batchId: first.batch_id, voucherHash: first.voucher_hash, collectionCode: first.code_key, redeemedAt: first.redeemed_at }]
      : [];
    const incoming: VoucherRedemption = { redemptionId: report.redemptionId, boothId, batchId: report.batchId, voucherHash: report.voucherHash, collectionCode: report.codeKey, redeemedAt: report.redeemedAt };
    const [result] = reconcileRedemptions(recorded, [incoming], batches);
    if (!result) throw new Error('reconciliation returned no verdict');
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('voucher_redemptions').values({
          redemption_id: report.redemptionId, booth_id: boothId, batch_id: report.batchId, voucher_hash: report.voucherHash, code_key: report.codeKey,
          redeemed_at: report.redeemedAt, received_at: now, verdict: result.verdict, first_redemption_id: result.verdict === 'double_use' ? result.firstRedemptionId : null,
        }).execute();
        if (isFlagged(result)) await audit(trx, `booth:${boothId}`, `voucher.${result.verdict}`, report.batchId, { redemptionId: report.redemptionId, voucherHash: report.voucherHash }, now);
      });
      return { redemptionId: report.redemptionId, verdict: result.verdict };
    } catch (error) {
      // another node accepted the same voucher (or the same report) a moment ago: decide again
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new HttpError(503, 'busy', 'the same voucher is being reported concurrently; retry');
}

export async function reconcileReports(db: Kysely<Database>, boothId: string, reports: readonly VoucherRedemptionReport[], now = Date.now()): Promise<RedemptionsResponse> {
  const results: RedemptionsResponse['results'] = [];
  for (const report of reports) results.push(await reconcileOne(db, boothId, report, now));
  return { results };
}

