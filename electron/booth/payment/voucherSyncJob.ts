// The voucher sync (job kind 'payment.voucher_sync' on the booth's queue): fetch this booth's signed
// batches and report the redemptions made here, so the service reconciles them (a voucher used twice
// while offline is flagged there). Runs every minute, right after a redemption, and does nothing
// before the booth is enrolled.
import type { JobQueue } from '../jobs/jobQueue.ts';
import type { SignedClient } from '../sync/signedClient.ts';
import { fetchVoucherBatches, reportRedemptions } from './paymentClient.ts';
import type { VoucherLedger } from './voucherLedger.ts';

export const VOUCHER_SYNC_JOB = 'payment.voucher_sync';
const REPORT_CHUNK = 500;

export async function syncVouchers(ledger: VoucherLedger, client: SignedClient): Promise<void> {
  const { servicePublicKey, batches } = await fetchVoucherBatches(client);
  await ledger.replaceBatches(client.boothId, servicePublicKey, batches);
  const unreported = ledger.unreported();
  for (let i = 0; i < unreported.length; i += REPORT_CHUNK) {
    ledger.recordVerdicts((await reportRedemptions(client, unreported.slice(i, i + REPORT_CHUNK))).results);
  }
}

export interface VoucherSync {
  /** queue a sync now (after a redemption) */
  soon(): void;
  stop(): void;
}

export function scheduleVoucherSync(queue: JobQueue, ledger: VoucherLedger, client: () => SignedClient | null, intervalMs = 60_000): VoucherSync {
  queue.register(VOUCHER_SYNC_JOB, async () => {
    const signed = client();
    if (signed) await syncVouchers(ledger, signed);
  });
  const soon = (): void => void queue.enqueue(VOUCHER_SYNC_JOB, {}, { dedupeKey: VOUCHER_SYNC_JOB });
  const timer = setInterval(soon, intervalMs);
  timer.unref();
  soon();
  return { soon, stop: () => clearInterval(timer) };
}
