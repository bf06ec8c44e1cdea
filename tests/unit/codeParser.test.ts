// Collection codes are validated for instant feedback on bad scans, with a named error (and a
// Chinese message for the student) for anything that is not a code; fuzzed with hostile input.
import { describe, it, expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { parseCollectionCode, parseLast4, GENERIC_CODE_BOUNDS, type CodeShape, type CodeParseResult } from '../../electron/booth/codes/codeParser.ts';

/** A resolver adapter's declared framing, like the simulator's: prefix, dot, base64url body. */
const SHAPE: CodeShape = { id: 'sim-v1', pattern: 'GBSIM1\\.[A-Za-z0-9_-]{16,200}', minLength: 23, maxLength: 207 };
const VALID = 'GBSIM1.AbCdEfGhIjKlMnOp_-0123';

function reason(r: CodeParseResult): string {
  return r.ok ? 'ok' : r.error.reason;
}

describe('collection code parser', () => {
  it('accepts a code of the adapter\'s shape, trimming the scanner\'s Enter suffix', () => {
    expect(parseCollectionCode(`${VALID}\r\n`, SHAPE)).toEqual({ ok: true, code: VALID });
  });

  it('names each kind of bad scan', () => {
    expect(reason(parseCollectionCode('', SHAPE))).toBe('empty');
    expect(reason(parseCollectionCode('  \t\n', SHAPE))).toBe('empty');
    expect(reason(parseCollectionCode('GBS', SHAPE))).toBe('too_short');
    expect(reason(parseCollectionCode('GBSIM1.Abc', SHAPE))).toBe('too_short');
    expect(reason(parseCollectionCode('x'.repeat(GENERIC_CODE_BOUNDS.maxLength + 1), SHAPE))).toBe('too_long');
    expect(reason(parseCollectionCode(`GBSIM1.${'a'.repeat(201)}`, SHAPE))).toBe('too_long');
    expect(reason(parseCollectionCode('GBSIM1.AbCdEf\u0007hIjKlMnOp', SHAPE))).toBe('not_printable');
    expect(reason(parseCollectionCode('GBSIM1.采集码采集码采集码采集码采集码', SHAPE))).toBe('not_printable');
    expect(reason(parseCollectionCode('https://example.com/not-a-code-at-all', SHAPE))).toBe('shape_rejected');
  });

  it('every error carries a Chinese message for the student and an English one for the log', () => {
    const r = parseCollectionCode('https://example.com/not-a-code-at-all', SHAPE);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.name).toBe('CodeError');
      expect(r.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.error.message_en.length).toBeGreaterThan(10);
    }
  });

  it('a broken declared shape rejects every code instead of letting them through', () => {
    expect(reason(parseCollectionCode(VALID, { ...SHAPE, pattern: '([unclosed' }))).toBe('shape_rejected');
  });

  it('last-4 takes four digits or three digits and X, case-insensitive', () => {
    expect(parseLast4('1234')).toEqual({ ok: true, code: '1234' });
    expect(parseLast4('123x')).toEqual({ ok: true, code: '123X' });
    for (const bad of ['123', '12345', 'X123', 'abcd', '１２３４', '12 4']) expect(reason(parseLast4(bad)), bad).toBe('not_last4');
    expect(reason(parseLast4(''))).toBe('empty');
  });

  it('fuzz: random bytes, huge input, unicode and control characters never crash and always give ok or a named error', () => {
    const reasons = new Set<string>();
    const inputs: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytes(Math.floor(Math.random() * 300));
      inputs.push(bytes.toString('latin1'), bytes.toString('utf8'), bytes.toString('utf16le'));
    }
    inputs.push('A'.repeat(5_000_000), '\u0000'.repeat(100), '\uD800\uDC00\uDFFF', '😀'.repeat(50), `${VALID}\u202E`, `${VALID}\u0000`, 'GBSIM1.' + '-'.repeat(10_000));
    for (const s of inputs) {
      for (const r of [parseCollectionCode(s, SHAPE), parseLast4(s)]) {
        if (r.ok) {
          expect(typeof r.code).toBe('string');
        } else {
          expect(r.error.name).toBe('CodeError');
          expect(['empty', 'too_short', 'too_long', 'not_printable', 'shape_rejected', 'not_last4']).toContain(r.error.reason);
          reasons.add(r.error.reason);
        }
      }
    }
    expect(reasons.size).toBeGreaterThanOrEqual(5);
    // non-string values from a careless caller are named errors too
    expect(reason(parseCollectionCode(undefined as unknown as string, SHAPE))).toBe('empty');
  });
});
