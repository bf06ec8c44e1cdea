import { describe, expect, it } from 'vitest';
import { targetVerdict, wilson, withInterval } from '../../tools/evalStatistics.ts';

describe('held-out figures with their 95% intervals', () => {
  it('gives the Wilson score interval', () => {
    // reference values: Wilson (1927), z = 1.96
    expect(wilson(4, 4)!.low).toBeCloseTo(0.510, 3);
    expect(wilson(4, 4)!.high).toBe(1);
    expect(wilson(45, 50)!.low).toBeCloseTo(0.786, 3);
    expect(wilson(45, 50)!.high).toBeCloseTo(0.957, 3);
    expect(wilson(0, 10)!.low).toBe(0);
    expect(wilson(0, 10)!.high).toBeCloseTo(0.278, 3);
    expect(wilson(3, 0)).toBeNull();
    expect(withInterval(5, 7)).toBe('0.71 [0.36–0.92]');
  });

  it('says whether the labels decide the target', () => {
    // four of four found, nothing false: the point estimates meet the target, four labels cannot show it
    expect(targetVerdict({ tp: 4, fp: 0, tn: 6, fn: 0 })).toBe('met, too few labels to show it');
    // 190 of 200 found with 5 false alarms: shown
    expect(targetVerdict({ tp: 190, fp: 5, tn: 300, fn: 10 })).toBe('met');
    // one of two found: missed, but two positives cannot show that either
    expect(targetVerdict({ tp: 1, fp: 0, tn: 40, fn: 1 })).toBe('missed, too few labels to show it');
    // 10 of 40 found: recall is shown to be below 0.8
    expect(targetVerdict({ tp: 10, fp: 0, tn: 40, fn: 30 })).toBe('missed');
  });
});
