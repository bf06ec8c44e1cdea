// The service's rule when booths sync voucher redemptions: the first redemption of a voucher stands;
// a second one under another redemption id (the same voucher used twice while offline, on one booth
// or two) is flagged for staff rather than silently accepted; a re-sent redemption is recognised.

export interface VoucherRedemption {
  /** made by the booth when it records the redemption (a ULID), so a re-sent sync is recognisable */
  redemptionId: string;
  boothId: string;
  batchId: string;
  voucherHash: string;
  collectionCode: string;
  redeemedAt: number;
}

export interface ReconciliationBatch {
  boothId: string;
  batchId: string;
  expiresAt: number;
  voucherHashes: readonly string[];
}

export type ReconciliationVerdict =
  | { verdict: 'accepted' }
  | { verdict: 'already_recorded' }
  | { verdict: 'double_use'; firstRedemptionId: string }
  | { verdict: 'not_in_batch' }
  | { verdict: 'after_expiry' };

export type ReconciledRedemption = { redemption: VoucherRedemption } & ReconciliationVerdict;

/** A verdict other than accepted / already_recorded goes on the staff screen with its redemption. */
export function isFlagged(result: ReconciliationVerdict): boolean {
  return result.verdict !== 'accepted' && result.verdict !== 'already_recorded';
}

/**
 * `recorded`: the redemptions the service already accepted, for the hashes concerned; `incoming`: a
 * booth's sync, in the booth's order. Pure: the caller stores the accepted ones and the flags.
 */
export function reconcileRedemptions(
  recorded: readonly VoucherRedemption[],
  incoming: readonly VoucherRedemption[],
  batches: readonly ReconciliationBatch[],
): ReconciledRedemption[] {
  const firstByHash = new Map<string, VoucherRedemption>();
  for (const r of recorded) firstByHash.set(r.voucherHash, r);
  const batchById = new Map(batches.map((b) => [b.batchId, { ...b, hashes: new Set(b.voucherHashes) }]));
  return incoming.map((redemption): ReconciledRedemption => {
    const batch = batchById.get(redemption.batchId);
    if (!batch || batch.boothId !== redemption.boothId || !batch.hashes.has(redemption.voucherHash)) return { redemption, verdict: 'not_in_batch' };
    const first = firstByHash.get(redemption.voucherHash);
    if (first) {
      if (first.redemptionId === redemption.redemptionId) return { redemption, verdict: 'already_recorded' };
      return { redemption, verdict: 'double_use', firstRedemptionId: first.redemptionId };
    }
    // the booth refuses expired vouchers itself, so a late redemption means a wrong booth clock or tampering
    if (redemption.redeemedAt >= batch.expiresAt) return { redemption, verdict: 'after_expiry' };
    firstByHash.set(redemption.voucherHash, redemption);
    return { redemption, verdict: 'accepted' };
  });
}
