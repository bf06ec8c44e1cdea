// Vouchers a booth accepts offline: typable codes whose check character catches typing errors, a batch
// signed by the service (Ed25519) that the booth verifies, named refusals in Chinese and English, and
// the service's reconciliation that flags a voucher used twice while booths were offline.
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { toFen } from '../../shared/payment/fen.ts';
import { VOUCHER_ALPHABET, checksumValid, generateVoucherCode, normaliseVoucher } from '../../shared/payment/voucherCode.ts';
import { issueVoucherBatch, verifyVoucherBatch, type SignedVoucherBatch, type VerifiedVoucherBatch } from '../../shared/payment/voucherBatch.ts';
import { checkVoucher } from '../../shared/payment/voucherCheck.ts';
import { isFlagged, reconcileRedemptions, type VoucherRedemption } from '../../shared/payment/voucherReconciliation.ts';

const service = generateKeyPairSync('ed25519');
const servicePublicKey = new Uint8Array(Buffer.from(service.publicKey.export({ format: 'jwk' }).x as string, 'base64url'));
const serviceSign = (message: Uint8Array) => new Uint8Array(sign(null, message, service.privateKey));
const HOUR = 3_600_000;

async function batchFor(boothId: string, count = 5, expiresAt = Date.now() + 30 * 24 * HOUR) {
  return issueVoucherBatch({ boothId, batchId: `batch-${boothId}-${count}-${expiresAt}`, expiresAt, valueFen: toFen(1500), count }, serviceSign);
}

async function verified(batch: SignedVoucherBatch, boothId = batch.payload.boothId): Promise<VerifiedVoucherBatch> {
  const result = await verifyVoucherBatch(JSON.parse(JSON.stringify(batch)), servicePublicKey, boothId);
  if (!result.ok) throw new Error(`batch refused: ${result.reason}`);
  return result.batch;
}

describe('voucher codes', () => {
  const sample = Array.from({ length: 40 }, generateVoucherCode);

  it('are printed as four groups of four and read back with their check character', () => {
    for (const code of sample) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(checksumValid(normaliseVoucher(code) as string)).toBe(true);
    }
    expect(new Set(sample).size).toBe(sample.length);
  });

  it('every single-character typing error of the sample is caught', () => {
    let errors = 0;
    for (const code of sample) {
      const bare = normaliseVoucher(code) as string;
      for (let i = 0; i < bare.length; i += 1) {
        for (const wrong of VOUCHER_ALPHABET) {
          if (wrong === bare[i]) continue;
          const typo = bare.slice(0, i) + wrong + bare.slice(i + 1);
          if (checksumValid(typo)) throw new Error(`${typo} (from ${bare}, position ${i}) passes the check`);
          errors += 1;
        }
      }
    }
    expect(errors).toBe(sample.length * 16 * 31);
  });

  it('every swap of two neighbouring characters of the sample is caught', () => {
    let swaps = 0;
    for (const code of sample) {
      const bare = normaliseVoucher(code) as string;
      for (let i = 0; i + 1 < bare.length; i += 1) {
        if (bare[i] === bare[i + 1]) continue;
        const swapped = bare.slice(0, i) + bare[i + 1] + bare[i] + bare.slice(i + 2);
        if (checksumValid(swapped)) throw new Error(`${swapped} (from ${bare}) passes the check`);
        swaps += 1;
      }
    }
    expect(swaps).toBeGreaterThan(sample.length * 12);
  });

  it('reads lower case, spaces, and O / I / L typed for 0 / 1', () => {
    const code = generateVoucherCode();
    const bare = normaliseVoucher(code) as string;
    const sloppy = bare.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace(/(....)/g, '$1 ');
    expect(normaliseVoucher(sloppy)).toBe(bare);
    expect(normaliseVoucher(`${bare}X`)).toBeNull();
    expect(normaliseVoucher(bare.replace(/.$/, 'U'))).toBeNull();
  });
});

describe('signed voucher batches', () => {
  it('a batch as signed by the service verifies at its booth', async () => {
    const { batch } = await batchFor('booth-1');
    expect((await verified(batch)).hashes.size).toBe(5);
  });

  it('a batch altered after signing is refused, whatever was changed', async () => {
    const { batch } = await batchFor('booth-1');
    const flippedSignature = Buffer.from(batch.signature, 'base64');
    flippedSignature[0] = (flippedSignature[0] as number) ^ 1;
    const tampered: SignedVoucherBatch[] = [
      { ...batch, payload: { ...batch.payload, valueFen: toFen(15000) } },
      { ...batch, payload: { ...batch.payload, expiresAt: batch.payload.expiresAt + 365 * 24 * HOUR } },
      { ...batch, payload: { ...batch.payload, voucherHashes: [...batch.payload.voucherHashes, 'a'.repeat(64)] } },
      { ...batch, payload: { ...batch.payload, boothId: 'booth-2' } },
      { ...batch, signature: flippedSignature.toString('base64') },
    ];
    for (const t of tampered) expect(await verifyVoucherBatch(t, servicePublicKey, t.payload.boothId)).toEqual({ ok: false, reason: 'bad_signature' });
    const stranger = generateKeyPairSync('ed25519');
    const forged = await issueVoucherBatch({ boothId: 'booth-1', batchId: 'forged', expiresAt: Date.now() + HOUR, valueFen: toFen(1500), count: 1 }, (m) => new Uint8Array(sign(null, m, stranger.privateKey)));
    expect(await verifyVoucherBatch(forged.batch, servicePublicKey, 'booth-1')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a genuine batch issued for another booth is refused', async () => {
    const { batch } = await batchFor('booth-2');
    expect(await verifyVoucherBatch(batch, servicePublicKey, 'booth-1')).toEqual({ ok: false, reason: 'other_booth' });
  });
});

describe('the booth checks a voucher offline', () => {
  it('accepts a valid voucher and names expired, used, unknown and mistyped ones in Chinese and English', async () => {
    const now = Date.now();
    const live = await batchFor('booth-1', 3, now + HOUR);
    const old = await batchFor('booth-1', 2, now - HOUR);
    const batches = [await verified(live.batch), await verified(old.batch)];
    const used = new Set<string>();
    const check = (input: string) => checkVoucher(input, { batches, isUsedLocally: (h) => used.has(h), now });

    const [code] = live.codes as [string];
    const accepted = await check(code.toLowerCase());
    expect(accepted).toMatchObject({ ok: true, batchId: live.batch.payload.batchId, valueFen: 1500 });
    if (accepted.ok) used.add(accepted.voucherHash);

    const bare = normaliseVoucher(code) as string;
    const mistyped = bare.slice(0, 5) + (bare[5] === 'A' ? 'B' : 'A') + bare.slice(6);
    const unknown = normaliseVoucher(generateVoucherCode()) as string;
    const results = {
      used: await check(code),
      expired: await check(old.codes[0] as string),
      unknown: await check(unknown),
      mistyped: await check(mistyped),
    };
    for (const [reason, result] of Object.entries(results)) {
      expect(result).toMatchObject({ ok: false, reason, error: { code: `voucher_${reason}` } });
      if (!result.ok) {
        expect(result.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
        expect(result.error.message_en).toMatch(/voucher/i);
      }
    }
  });
});

describe('reconciliation at sync', () => {
  const redemption = (redemptionId: string, boothId: string, voucherHash: string, redeemedAt: number, batchId: string): VoucherRedemption =>
    ({ redemptionId, boothId, batchId, voucherHash, collectionCode: `CODE-${redemptionId}`, redeemedAt });

  it('a voucher redeemed twice while offline is flagged, the first use stands and a re-sent sync is recognised', async () => {
    const now = Date.now();
    const { batch } = await batchFor('booth-1', 2, now + HOUR);
    const [hashA, hashB] = batch.payload.voucherHashes as [string, string];
    const batches = [batch.payload];
    const id = batch.payload.batchId;

    const firstSync = reconcileRedemptions([], [
      redemption('r1', 'booth-1', hashA, now - 3_000, id),
      redemption('r2', 'booth-1', hashA, now - 2_000, id),
      redemption('r3', 'booth-1', hashB, now - 1_000, id),
    ], batches);
    expect(firstSync.map((r) => r.verdict)).toEqual(['accepted', 'double_use', 'accepted']);
    expect(firstSync[1]).toMatchObject({ firstRedemptionId: 'r1' });
    expect(firstSync.map(isFlagged)).toEqual([false, true, false]);

    const recorded = firstSync.filter((r) => r.verdict === 'accepted').map((r) => r.redemption);
    const laterSync = reconcileRedemptions(recorded, [
      redemption('r1', 'booth-1', hashA, now - 3_000, id),
      redemption('r4', 'booth-1', hashB, now - 500, id),
      redemption('r5', 'booth-1', 'f'.repeat(64), now - 500, id),
      redemption('r6', 'booth-2', hashB, now - 500, id),
    ], batches);
    expect(laterSync.map((r) => r.verdict)).toEqual(['already_recorded', 'double_use', 'not_in_batch', 'not_in_batch']);
  });

  it('a redemption dated after the batch expired is flagged', async () => {
    const expiresAt = Date.now();
    const { batch } = await batchFor('booth-1', 1, expiresAt);
    const late = reconcileRedemptions([], [redemption('r1', 'booth-1', batch.payload.voucherHashes[0] as string, expiresAt + 1, batch.payload.batchId)], [batch.payload]);
    expect(late.map((r) => [r.verdict, isFlagged(r)])).toEqual([['after_expiry', true]]);
  });
});
