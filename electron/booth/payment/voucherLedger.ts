// The booth's vouchers, kept in its store so they work offline: the signed batches the service issued
// for this booth (verified with the service key before every use, so a batch edited on disk is
// ignored) and every redemption made here, until the service has reconciled it at sync.
import { ulid } from 'ulid';
import type { BoothStore } from '../store/boothStore.ts';
import { verifyVoucherBatch, type SignedVoucherBatch, type VerifiedVoucherBatch } from '../../../shared/payment/voucherBatch.ts';
import { checkVoucher, type VoucherCheck } from '../../../shared/payment/voucherCheck.ts';
import type { RedemptionsResponse, VoucherRedemptionReport } from '../../../shared/sync/protocol.ts';

const BATCHES_KEY = 'payment.voucherBatches';
const REDEMPTIONS_KEY = 'payment.voucherRedemptions';

interface StoredBatches {
  boothId: string;
  /** the service's Ed25519 public key, raw, base64 */
  servicePublicKey: string;
  batches: SignedVoucherBatch[];
}

export interface LocalRedemption extends VoucherRedemptionReport {
  /** null until the service has reconciled it */
  verdict: RedemptionsResponse['results'][number]['verdict'] | null;
}

function rawKey(base64: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export class VoucherLedger {
  private readonly store: BoothStore;
  /** batches not from the service (the unenrolled web host's demo batch) */
  private readonly extra: () => Promise<readonly VerifiedVoucherBatch[]>;

  constructor(store: BoothStore, extra: () => Promise<readonly VerifiedVoucherBatch[]> = async () => []) {
    this.store = store;
    this.extra = extra;
  }

  /** Stores what the service sent, keeping only batches whose signature verifies; returns how many. */
  async replaceBatches(boothId: string, servicePublicKey: string, batches: readonly unknown[]): Promise<number> {
    const verified: SignedVoucherBatch[] = [];
    for (const batch of batches) {
      const check = await verifyVoucherBatch(batch, rawKey(servicePublicKey), boothId);
      if (check.ok) verified.push(batch as SignedVoucherBatch);
    }
    this.store.config.set(BATCHES_KEY, { boothId, servicePublicKey, batches: verified } satisfies StoredBatches);
    return verified.length;
  }

  async batches(): Promise<VerifiedVoucherBatch[]> {
    const stored = this.store.config.get<StoredBatches | null>(BATCHES_KEY, null);
    const verified: VerifiedVoucherBatch[] = [...(await this.extra())];
    for (const batch of stored?.batches ?? []) {
      const check = await verifyVoucherBatch(batch, rawKey(stored!.servicePublicKey), stored!.boothId);
      if (check.ok) verified.push(check.batch);
    }
    return verified;
  }

  redemptions(): LocalRedemption[] {
    return this.store.config.get<LocalRedemption[]>(REDEMPTIONS_KEY, []);
  }

  /** Checks a typed or scanned voucher against the batches and this booth's own redemptions. */
  async check(input: string, now = this.store.now()): Promise<VoucherCheck> {
    const used = new Set(this.redemptions().map((r) => r.voucherHash));
    return checkVoucher(input, { batches: await this.batches(), isUsedLocally: (hash) => used.has(hash), now });
  }

  /** Records the redemption of a checked voucher for a code, durably, before the student moves on. */
  redeem(check: Extract<VoucherCheck, { ok: true }>, codeKey: string, now = this.store.now()): LocalRedemption {
    const redemption: LocalRedemption = { redemptionId: ulid(now), batchId: check.batchId, voucherHash: check.voucherHash, codeKey, redeemedAt: now, verdict: null };
    this.store.config.set(REDEMPTIONS_KEY, [...this.redemptions(), redemption]);
    this.store.audit.append({ at: now, actor: 'student', action: 'voucher.redeemed', subject: redemption.redemptionId, detail: { batchId: check.batchId } });
    return redemption;
  }

  /** A code that redeemed a voucher here is paid for: its later sessions are free. The redemption id, or null. */
  coveringRedemption(codeKey: string): string | null {
    return this.redemptions().find((r) => r.codeKey === codeKey && r.verdict !== 'double_use')?.redemptionId ?? null;
  }

  unreported(): VoucherRedemptionReport[] {
    return this.redemptions().filter((r) => r.verdict === null).map(({ verdict: _verdict, ...report }) => report);
  }

  recordVerdicts(results: RedemptionsResponse['results']): void {
    const verdicts = new Map(results.map((r) => [r.redemptionId, r.verdict]));
    this.store.config.set(REDEMPTIONS_KEY, this.redemptions().map((r) => ({ ...r, verdict: verdicts.get(r.redemptionId) ?? r.verdict })));
  }
}
