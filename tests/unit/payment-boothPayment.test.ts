// The booth's pay step over a real booth store, before enrollment (no review service): a free booth
// passes, an online booth offers vouchers and says why, the demo voucher is checked like any signed
// batch and works once, and the code that redeemed it is not asked to pay again.
import { afterEach, describe, expect, it } from 'vitest';
import type { BoothConfig } from '../../shared/api/boothApi.ts';
import { DEFAULT_BOOTH_CONFIG } from '../../electron/booth/api/defaultBoothConfig.ts';
import { DEMO_VOUCHER, demoVoucherBatch } from '../../electron/booth/api/inMemoryResolver.ts';
import { boothPayment, NOT_ENROLLED } from '../../electron/booth/payment/boothPayment.ts';
import { VoucherLedger } from '../../electron/booth/payment/voucherLedger.ts';
import type { BoothStore } from '../../electron/booth/store/boothStore.ts';
import { makeTempDir, openTestStore, removeDir } from '../integration/fixtures/boothStoreSetup.ts';

const opened: { store: BoothStore; dir: string }[] = [];

afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    store.close();
    await removeDir(dir);
  }
});

async function unenrolledBooth(mode: BoothConfig['payment']['mode']) {
  const dir = await makeTempDir('booth-pay');
  const store = await openTestStore(dir);
  opened.push({ store, dir });
  const batch = demoVoucherBatch();
  const ledger = new VoucherLedger(store, async () => [await batch]);
  let redeemed = 0;
  const config: BoothConfig = { ...DEFAULT_BOOTH_CONFIG, payment: { mode, priceLabel: null, amountFen: 1250 } };
  const pay = boothPayment({ ledger, client: () => null, config: () => config, onRedeemed: () => (redeemed += 1) });
  return { pay, ledger, redeemed: () => redeemed };
}

describe('the booth pay step without a review service', () => {
  it('a free booth lets the student through without an offer', async () => {
    const { pay } = await unenrolledBooth('free');
    expect(await pay({ step: 'start', sessionId: 'S1', code: 'SIM1-CODE-A' })).toEqual({ ok: true, paid: true, offer: null });
  });

  it('an online booth that is not enrolled offers vouchers and says why, with the fee in whole fen', async () => {
    const { pay } = await unenrolledBooth('online');
    expect(await pay({ step: 'start', sessionId: 'S1', code: 'SIM1-CODE-A' })).toEqual({
      ok: true, paid: false, offer: { mode: 'voucher', amountFen: 1250, qrText: null, expiresAt: null, notice: NOT_ENROLLED },
    });
    expect(NOT_ENROLLED.message_zh).toContain('兑换码');
  });

  it('the demo voucher works once; a second code is told it was used; the first code is not asked again', async () => {
    const { pay, redeemed: reported } = await unenrolledBooth('voucher');
    await pay({ step: 'start', sessionId: 'S1', code: 'SIM1-CODE-A' });
    const paidBy = await pay({ step: 'voucher', sessionId: 'S1', code: 'SIM1-CODE-A', voucher: DEMO_VOUCHER.toLowerCase() });
    expect(paidBy).toMatchObject({ ok: true, paid: true, offer: null, ref: expect.stringMatching(/^voucher:[0-9A-Z]{26}$/) });
    expect(reported()).toBe(1);
    const again = await pay({ step: 'voucher', sessionId: 'S2', code: 'SIM1-CODE-B', voucher: DEMO_VOUCHER });
    expect(again).toMatchObject({ ok: false, error: { code: 'voucher_used' } });
    expect(await pay({ step: 'voucher', sessionId: 'S2', code: 'SIM1-CODE-B', voucher: 'WRNG12' })).toMatchObject({ ok: false, error: { code: 'voucher_mistyped' } });
    // the student of the first session walks away and comes back: already paid
    expect(await pay({ step: 'start', sessionId: 'S3', code: 'SIM1-CODE-A' })).toEqual({ ok: true, paid: true, offer: null, ref: (paidBy as { ref: string }).ref });
  });
});
