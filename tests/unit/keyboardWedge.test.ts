// A keyboard-wedge scanner's burst becomes one "code scanned"; a person typing stays typing;
// garbage of any kind gives a named error, never a crash.
import { describe, it, expect } from 'vitest';
import { randomBytes, randomInt } from 'node:crypto';
import { KeyboardWedgeParser, type WedgeOutput, type WedgeKey } from '../../shared/scanner/keyboardWedge.ts';

function keys(text: string, start: number, gapMs: number): WedgeKey[] {
  return [...text].map((key, i) => ({ key, at: start + i * gapMs }));
}

function feedAll(p: KeyboardWedgeParser, events: WedgeKey[]): WedgeOutput[] {
  return events.map((e) => p.feed(e)).filter((o): o is WedgeOutput => o !== null);
}

describe('keyboard wedge parser', () => {
  it('a fast burst ending in Enter is a scanned code (with Shift presses ignored)', () => {
    const p = new KeyboardWedgeParser();
    const ev = keys('GBSIM1.AbCd', 1000, 8);
    ev.splice(1, 0, { key: 'Shift', at: 1004 });
    ev.push({ key: 'Enter', at: 1000 + 11 * 8 });
    expect(feedAll(p, ev)).toEqual([{ type: 'scanned', code: 'GBSIM1.AbCd' }]);
  });

  it('slow typing is a person, not a scan, even when it ends in Enter', () => {
    const p = new KeyboardWedgeParser();
    const out = feedAll(p, [...keys('1234', 0, 180), { key: 'Enter', at: 900 }]);
    expect(out.every((o) => o.type === 'typed')).toBe(true);
    expect(out.map((o) => (o.type === 'typed' ? o.text : '')).join('')).toBe('1234');
  });

  it('a scan right after someone typed is still recognised', () => {
    const p = new KeyboardWedgeParser();
    const out = feedAll(p, [...keys('ab', 0, 300), ...keys('CODE123456', 2000, 5), { key: 'Enter', at: 2050 }]);
    expect(out.at(-1)).toEqual({ type: 'scanned', code: 'CODE123456' });
  });

  it('a scanner without a suffix completes on idle', () => {
    const p = new KeyboardWedgeParser();
    expect(feedAll(p, keys('CODE123456', 0, 5))).toEqual([]);
    expect(p.idle(60)).toBeNull();
    expect(p.idle(200)).toEqual({ type: 'scanned', code: 'CODE123456' });
  });

  it('names control characters, non-ASCII layouts and oversized input', () => {
    expect(new KeyboardWedgeParser().feed({ key: '\u0007', at: 0 })).toMatchObject({ type: 'error', error: { name: 'WedgeError', reason: 'control_character' } });
    expect(new KeyboardWedgeParser().feed({ key: 'é', at: 0 })).toMatchObject({ type: 'error', error: { reason: 'not_ascii' } });
    const p = new KeyboardWedgeParser({ maxLength: 20 });
    const out = feedAll(p, [...keys('x'.repeat(100), 0, 1), { key: 'Enter', at: 101 }]);
    expect(out).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ reason: 'too_long' }) })]);
    // and the parser is usable again afterwards
    expect(feedAll(p, [...keys('NEXTCODE', 500, 3), { key: 'Enter', at: 530 }])).toEqual([{ type: 'scanned', code: 'NEXTCODE' }]);
  });

  it('fuzz: random keys, unicode, control characters, bad timestamps and very long bursts never crash', () => {
    const p = new KeyboardWedgeParser();
    const named = ['Enter', 'Tab', 'Shift', 'Backspace', 'ArrowLeft', 'F5', 'Dead', 'Unidentified'];
    let t = 0;
    const counts: Record<string, number> = {};
    const reasons = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const r = Math.random();
      let key: string;
      if (r < 0.05) key = named[randomInt(named.length)] ?? 'Enter';
      else if (r < 0.1) key = randomBytes(randomInt(1, 4)).toString('utf8');
      else if (r < 0.12) key = String.fromCodePoint(randomInt(0x110000) & 0x10ffff);
      else if (r < 0.13) key = '';
      else key = String.fromCharCode(randomInt(0x20, 0x7f));
      t += r < 0.002 ? -50 : r < 0.004 ? Number.NaN : Math.random() < 0.1 ? randomInt(0, 400) : randomInt(0, 20);
      if (Number.isNaN(t)) t = 0;
      const at = r < 0.003 ? Number.POSITIVE_INFINITY : t;
      const out = p.feed({ key, at });
      if (out) {
        counts[out.type] = (counts[out.type] ?? 0) + 1;
        if (out.type === 'error') {
          expect(out.error.name).toBe('WedgeError');
          reasons.add(out.error.reason);
        }
        if (out.type === 'scanned') expect(out.code).toMatch(/^[\x20-\x7e]{4,512}$/);
      }
    }
    // very long single burst
    const long = feedAll(p, [...keys('Z'.repeat(1_000_000), t + 1000, 1), { key: 'Enter', at: t + 1_001_001 }]);
    // (what the fuzz left in the buffer comes out first)
    expect(long.filter((o) => o.type === 'error')).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ reason: 'too_long' }) })]);
    expect(p.feed(null as unknown as WedgeKey)).toMatchObject({ type: 'error', error: { reason: 'bad_event' } });
    expect(counts.scanned).toBeGreaterThan(0);
    expect(counts.typed).toBeGreaterThan(0);
    expect([...reasons].sort()).toEqual(['bad_event', 'control_character', 'not_ascii']);
  });
});
