// How much a held-out count can show. With a handful of positives a rule's measured recall is one of
// a few fractions, and the 95% interval around it spans most of [0, 1]: the eval prints the interval
// and says whether the labels decide the target at all, instead of a bare point estimate.

export interface Counts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export const TARGET = { precision: 0.9, recall: 0.8 } as const;

/** The Wilson score interval (95%) of a proportion k/n; null when n is 0. */
export function wilson(k: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null;
  const z = 1.96;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type TargetVerdict = 'met' | 'missed' | 'met, too few labels to show it' | 'missed, too few labels to show it';

/**
 * The target (precision ≥ 0.9 and recall ≥ 0.8) against held-out counts. The point estimates say met
 * or missed; the labels show it only when the intervals agree: a met target needs both lower bounds
 * at the target, a missed one a metric whose upper bound is below it.
 */
export function targetVerdict(c: Counts): TargetVerdict {
  const p = wilson(c.tp, c.tp + c.fp);
  const r = wilson(c.tp, c.tp + c.fn);
  const precisionMet = c.tp + c.fp > 0 && c.tp / (c.tp + c.fp) >= TARGET.precision;
  const recallMet = c.tp + c.fn > 0 && c.tp / (c.tp + c.fn) >= TARGET.recall;
  if (precisionMet && recallMet) {
    return p && r && p.low >= TARGET.precision && r.low >= TARGET.recall ? 'met' : 'met, too few labels to show it';
  }
  const shownMissed = (!precisionMet && p !== null && p.high < TARGET.precision) || (!recallMet && r !== null && r.high < TARGET.recall);
  return shownMissed ? 'missed' : 'missed, too few labels to show it';
}

/** "0.71 [0.36–0.92]": the proportion with its 95% interval. */
export function withInterval(k: number, n: number): string {
  const interval = wilson(k, n);
  if (!interval) return '—';
  return `${(k / n).toFixed(2)} [${interval.low.toFixed(2)}–${interval.high.toFixed(2)}]`;
}
