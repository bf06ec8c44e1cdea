// Validates a scanned collection code (采集码) and a typed last-4 before anything is asked of the
// resolver: the code is opaque, so the booth checks only what holds for any code plus the shape
// the resolver adapter declares.

/** Bounds that hold for any collection code, whatever adapter resolves it. */
export const GENERIC_CODE_BOUNDS = { minLength: 4, maxLength: 512 } as const;

/** The shape a resolver adapter accepts, declared by the adapter and sent by the review service at enrollment. */
import type { CodeShape } from '../../../shared/sync/protocol.ts';

export type { CodeShape };

export type CodeErrorReason = 'empty' | 'too_short' | 'too_long' | 'not_printable' | 'shape_rejected' | 'not_last4';

export interface CodeError {
  name: 'CodeError';
  reason: CodeErrorReason;
  message_zh: string;
  message_en: string;
}

export type CodeParseResult = { ok: true; code: string } | { ok: false; error: CodeError };

const MESSAGES: Record<CodeErrorReason, { zh: string; en: string }> = {
  empty: { zh: '没有读到采集码，请重新扫描。', en: 'No collection code was read; scan again.' },
  too_short: { zh: '采集码不完整，请重新扫描。', en: 'The collection code is too short (partial scan); scan again.' },
  too_long: { zh: '读到的内容过长，不是采集码，请扫描学信网采集码。', en: 'The scanned content is too long to be a collection code; scan the CHSI collection code.' },
  not_printable: { zh: '读到的内容含有无效字符，请重新扫描采集码。', en: 'The scanned content contains invalid characters; scan the collection code again.' },
  shape_rejected: { zh: '这不是本机可识别的采集码，请确认扫描的是学信网采集码，或请工作人员协助。', en: 'The code is not in a format this booth\'s resolver accepts; check it is a CHSI collection code or ask staff.' },
  not_last4: { zh: '请输入身份证号码的后4位（数字，最后一位可以是X）。', en: 'Enter the last 4 characters of the ID number (digits, the last may be X).' },
};

function fail(reason: CodeErrorReason): CodeParseResult {
  return { ok: false, error: { name: 'CodeError', reason, message_zh: MESSAGES[reason].zh, message_en: MESSAGES[reason].en } };
}

// printable ASCII only: scanners send codes as ASCII, and anything else is a misread or another barcode
const PRINTABLE = /^[\x20-\x7e]*$/;

/** Checks a scanned code: generic bounds first, then the adapter's declared shape. Never throws. */
export function parseCollectionCode(raw: string, shape: CodeShape): CodeParseResult {
  // scanners terminate with CR/LF or Tab and some pad with spaces; the code itself never starts or ends with them
  const code = typeof raw === 'string' ? raw.trim() : '';
  if (code.length === 0) return fail('empty');
  if (code.length > GENERIC_CODE_BOUNDS.maxLength) return fail('too_long');
  if (!PRINTABLE.test(code)) return fail('not_printable');
  if (code.length < GENERIC_CODE_BOUNDS.minLength) return fail('too_short');
  if (code.length < shape.minLength) return fail('too_short');
  if (code.length > shape.maxLength) return fail('too_long');
  if (!matchesWhole(shape.pattern, code)) return fail('shape_rejected');
  return { ok: true, code };
}

/** Checks the last 4 characters of an ID number: 4 digits, or 3 digits and a final X (checksum 10). */
export function parseLast4(raw: string): CodeParseResult {
  const s = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (s.length === 0) return fail('empty');
  return /^[0-9]{3}[0-9X]$/.test(s) ? { ok: true, code: s } : fail('not_last4');
}

const compiled = new Map<string, RegExp | null>();

function matchesWhole(pattern: string, code: string): boolean {
  if (!compiled.has(pattern)) compiled.set(pattern, compileShape(pattern));
  return compiled.get(pattern)?.test(code) ?? false;
}

function compileShape(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    // a broken declared shape rejects everything rather than letting any code through
    return null;
  }
}
