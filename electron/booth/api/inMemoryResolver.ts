// TEMPORARY stand-ins for what a booth gets from the review service once enrolled — code resolution
// and voucher batches — with a demo roster and a demo voucher, for the web host in development and
// tests before enrollment. The Electron production path never uses them.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { ResolvedRecord } from '../../../shared/api/boothApi.ts';
import { checkSymbol } from '../../../shared/payment/voucherCode.ts';
import { canonicalJson, verifyVoucherBatch, voucherHash, VOUCHER_BATCH_VERSION, type VerifiedVoucherBatch, type VoucherBatchPayload } from '../../../shared/payment/voucherBatch.ts';
import { toFen } from '../../../shared/payment/fen.ts';
import type { CodeResolver } from './limitedResolver.ts';

export interface DemoStudent {
  code: string;
  last4: string;
  name: string;
  school: string;
  categoryId: string | null;
}

/** The demo roster: opaque codes as the scanner would deliver them. */
export const DEMO_ROSTER: readonly DemoStudent[] = [
  { code: 'GBSIM1Q2W3E4R5T6Y7U8I9O0PA1', last4: '123X', name: '张伟', school: '示范大学', categoryId: 'bachelor' },
  { code: 'GBSIM2A9S8D7F6G5H4J3K2L1ZX2', last4: '0427', name: '欧阳娜娜', school: '示范大学', categoryId: null },
];

/** The demo resolver's declared code shape (a real adapter declares its own). */
export const DEMO_CODE_SHAPE = { id: 'demo', pattern: '[A-Za-z0-9]{24,64}', minLength: 24, maxLength: 64 };

/** a real, checksummed voucher code, typeable on the kiosk's keypad (no dashes, no I, L, O, U) */
export const DEMO_VOUCHER = `DEMV2026GRADB0T${checkSymbol('DEMV2026GRADB0T')}`;

function maskName(name: string): string {
  const chars = Array.from(name);
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export const demoResolver: CodeResolver = async (code, last4) => {
  const student = DEMO_ROSTER.find((s) => s.code === code);
  if (!student) return { kind: 'unknown_code' };
  if (student.last4 !== last4) return { kind: 'wrong_last4' };
  const record: ResolvedRecord = { maskedName: maskName(student.name), school: student.school, categoryId: student.categoryId };
  return { kind: 'resolved', record };
};

const DEMO_BOOTH = 'demo-booth';

/**
 * One batch holding DEMO_VOUCHER, signed by a key made for this process: the booth checks it exactly
 * like a batch from the service, and records its one redemption in its own ledger.
 */
export async function demoVoucherBatch(): Promise<VerifiedVoucherBatch> {
  const salt = '00000000000000000000000000000000';
  const payload: VoucherBatchPayload = {
    version: VOUCHER_BATCH_VERSION, boothId: DEMO_BOOTH, batchId: 'DEMO', expiresAt: Date.UTC(2100, 0, 1), valueFen: toFen(0), salt,
    voucherHashes: [await voucherHash(salt, DEMO_VOUCHER)],
  };
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signature = sign(null, Buffer.from(canonicalJson(payload)), privateKey).toString('base64');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'));
  const verified = await verifyVoucherBatch({ payload, signature }, raw, DEMO_BOOTH);
  if (!verified.ok) throw new Error(`the demo voucher batch does not verify: ${verified.reason}`);
  return verified.batch;
}
