// The booth's offline voucher check: normalise → checksum → salted hash → in a verified batch → not
// expired → not already used here. Each refusal is named, with what the student reads in both languages.
import type { BoothError } from '../api/boothApi.ts';
import type { Fen } from './fen.ts';
import { checksumValid, normaliseVoucher } from './voucherCode.ts';
import { voucherHash, type VerifiedVoucherBatch } from './voucherBatch.ts';

export type VoucherRefusal = 'mistyped' | 'unknown' | 'expired' | 'used';

export const VOUCHER_MESSAGES: Record<VoucherRefusal, { zh: string; en: string }> = {
  mistyped: { zh: '兑换码输入有误，请核对后重新输入。', en: 'This voucher code has a typing error. Please check it and enter it again.' },
  unknown: { zh: '本机不认识这个兑换码，请确认是否为本采集点发放的兑换码，或联系工作人员。', en: 'This booth does not know this voucher. Check that it was issued for this booth, or ask staff.' },
  expired: { zh: '兑换码已过期，请联系工作人员。', en: 'This voucher has expired. Please ask staff.' },
  used: { zh: '兑换码已被使用过，每个兑换码只能使用一次。', en: 'This voucher has already been used; each voucher works once.' },
};

export type VoucherCheck =
  | { ok: true; batchId: string; voucherHash: string; valueFen: Fen }
  | { ok: false; reason: VoucherRefusal; error: BoothError };

function refuse(reason: VoucherRefusal): VoucherCheck {
  return { ok: false, reason, error: { code: `voucher_${reason}`, message_zh: VOUCHER_MESSAGES[reason].zh, message_en: VOUCHER_MESSAGES[reason].en } };
}

export interface VoucherCheckContext {
  batches: readonly VerifiedVoucherBatch[];
  /** whether this booth already recorded a redemption of this hash (its own store) */
  isUsedLocally: (voucherHash: string) => boolean;
  now: number;
}

/** Pure apart from hashing; the caller records the redemption when it goes ahead with the session. */
export async function checkVoucher(input: string, context: VoucherCheckContext): Promise<VoucherCheck> {
  const normalised = normaliseVoucher(input);
  if (normalised === null || !checksumValid(normalised)) return refuse('mistyped');
  for (const batch of context.batches) {
    const hash = await voucherHash(batch.payload.salt, normalised);
    if (!batch.hashes.has(hash)) continue;
    if (context.now >= batch.payload.expiresAt) return refuse('expired');
    if (context.isUsedLocally(hash)) return refuse('used');
    return { ok: true, batchId: batch.payload.batchId, voucherHash: hash, valueFen: batch.payload.valueFen };
  }
  return refuse('unknown');
}
