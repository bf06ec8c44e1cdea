// TEMPORARY stand-ins for the two booth ports that need the review service online — code
// resolution and payment — with a demo roster, for the web host in development and tests. The
// Electron production path never uses them; the review service's resolver replaces them.
import type { ResolvedRecord } from '../../../shared/api/boothApi.ts';
import type { BoothPorts } from './boothPorts.ts';
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

/** typeable on the kiosk's voucher keypad (the voucher alphabet has no I, L, O, U) */
export const DEMO_VOUCHER = 'DEMV2026';

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

/** Voucher mode accepts DEMO_VOUCHER; online mode never reports paid (no payment provider here). */
export function demoPay(mode: 'free' | 'voucher' | 'online'): BoothPorts['pay'] {
  return async (_sessionId, voucher) => {
    if (mode === 'voucher') {
      if (voucher === DEMO_VOUCHER) return { ok: true, paid: true, payQrText: null };
      return { ok: false, error: { code: 'bad_voucher', message_zh: '兑换码无效，请核对后重新输入。', message_en: 'Voucher not valid.' } };
    }
    return { ok: true, paid: mode === 'free', payQrText: null };
  };
}
