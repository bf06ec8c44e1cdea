// Precision-first thresholds for one rule, chosen by stratified k-fold cross-validation: a warn
// threshold for recall (a warning is advice to the student and a flag for the reviewer, it never
// blocks) and, only where the labels support it, a fail threshold for precision (a fail blocks the
// student). Every figure this module reports comes from the folds a threshold was not chosen on.
import type { Counts } from './evalStatistics.ts';

/** A labelled measurement: higher score = more likely a violation. */
export interface Scored<T = unknown> {
  item: T;
  score: number;
  truth: boolean;
}

export interface Thresholds {
  /** warn above this */
  warn: number;
  /** fail above this; null = the rule never fails on these labels */
  fail: number | null;
}

export type Verdict3 = 'pass' | 'warn' | 'fail';

export const POLICY = {
  /** recall of warn-or-fail aimed at on the training folds (the target is 0.8 held out) ... */
  recallAim: 0.85,
  /** ... unless that warns more than this share of the photos without the violation: advice nearly everyone gets is noise */
  maxCleanWarn: 0.2,
  /** fail precision demanded on the training folds (the target is 0.95 held out) */
  precisionAim: 0.97,
  /** a fail threshold needs at least this many training photos failed */
  minTrainFails: 3,
  /** a rule blocks only with held-out fail precision at least this ... */
  blockingPrecision: 0.95,
  /** ... over at least this many held-out fails: fewer is not a measurement */
  minHeldOutFails: 5,
} as const;

export function verdictOf(score: number, t: Thresholds): Verdict3 {
  if (t.fail !== null && score > t.fail) return 'fail';
  return score > t.warn ? 'warn' : 'pass';
}

function candidates(items: readonly Scored[]): number[] {
  const scores = [...new Set(items.map((x) => x.score))].sort((a, b) => a - b);
  const mids = scores.slice(1).map((s, i) => ((scores[i] ?? s) + s) / 2);
  return [(scores[0] ?? 0) - 1e-6, ...mids, (scores.at(-1) ?? 0) + 1e-6];
}

/**
 * Thresholds from training data: the highest warn threshold meeting the recall aim (or, where that
 * would warn too many clean photos, the lowest within the advice budget), then the lowest fail
 * threshold above it meeting the precision aim.
 */
export function tuneThresholds(train: readonly Scored[]): Thresholds {
  const cands = candidates(train);
  const positives = train.filter((x) => x.truth).length;
  const negatives = train.length - positives;
  const cleanWarned = (t: number): number => (negatives ? train.filter((x) => !x.truth && x.score > t).length / negatives : 0);
  // no violation to find: nothing to warn about
  let warn = cands.at(-1) ?? 0;
  if (positives > 0) {
    const meetsRecall = cands.filter((t) => train.filter((x) => x.truth && x.score > t).length / positives >= POLICY.recallAim);
    const best = meetsRecall.at(-1);
    warn = best !== undefined && cleanWarned(best) <= POLICY.maxCleanWarn ? best : (cands.find((t) => cleanWarned(t) <= POLICY.maxCleanWarn) ?? warn);
  }
  let fail: number | null = null;
  for (const t of cands) {
    if (t < warn) continue;
    const above = train.filter((x) => x.score > t);
    const tp = above.filter((x) => x.truth).length;
    if (above.length >= POLICY.minTrainFails && tp / above.length >= POLICY.precisionAim) {
      fail = t;
      break;
    }
  }
  return { warn, fail };
}

/** Deterministic stratified folds: positives and negatives dealt round-robin in the given order. */
export function stratifiedFolds<T>(items: readonly Scored<T>[], k: number): Scored<T>[][] {
  const out: Scored<T>[][] = Array.from({ length: k }, () => []);
  let p = 0;
  let n = 0;
  for (const x of items) out[(x.truth ? p++ : n++) % k]?.push(x);
  return out.filter((f) => f.length > 0);
}

export interface PolicyCounts {
  /** fails: right (violation) and wrong */
  failTp: number;
  failFp: number;
  /** violations flagged (warn or fail) and missed */
  flagTp: number;
  flagFn: number;
  /** clean photos warned (advice a student did not need) */
  warnFp: number;
  negatives: number;
}

export function countVerdicts(items: readonly { truth: boolean; verdict: Verdict3 }[]): PolicyCounts {
  const c: PolicyCounts = { failTp: 0, failFp: 0, flagTp: 0, flagFn: 0, warnFp: 0, negatives: 0 };
  for (const x of items) {
    if (x.truth) {
      if (x.verdict === 'fail') c.failTp++;
      if (x.verdict === 'pass') c.flagFn++;
      else c.flagTp++;
    } else {
      c.negatives++;
      if (x.verdict === 'fail') c.failFp++;
      if (x.verdict === 'warn') c.warnFp++;
    }
  }
  return c;
}

export interface CrossValidation<T> {
  /** each item with the verdict of the thresholds tuned without it */
  heldOut: { item: T; truth: boolean; verdict: Verdict3 }[];
  perFold: Thresholds[];
  /** tuned on every labelled item: what would ship */
  all: Thresholds;
}

export function crossValidate<T>(scored: readonly Scored<T>[], k: number): CrossValidation<T> {
  const parts = stratifiedFolds(scored, Math.min(k, scored.length));
  const heldOut: CrossValidation<T>['heldOut'] = [];
  const perFold: Thresholds[] = [];
  parts.forEach((test, i) => {
    const t = tuneThresholds(parts.filter((_, j) => j !== i).flat());
    perFold.push(t);
    for (const x of test) heldOut.push({ item: x.item, truth: x.truth, verdict: verdictOf(x.score, t) });
  });
  return { heldOut, perFold, all: tuneThresholds(scored) };
}

/** Whether held-out counts allow the rule to block: enough fails, and right often enough. */
export function mayBlock(c: Pick<PolicyCounts, 'failTp' | 'failFp'>): boolean {
  const fails = c.failTp + c.failFp;
  return fails >= POLICY.minHeldOutFails && c.failTp / fails >= POLICY.blockingPrecision;
}

/** The 2x2 counts of flagging (warn or fail) for the interval helpers. */
export function flagCounts(c: PolicyCounts): Counts {
  return { tp: c.flagTp, fp: c.warnFp + c.failFp, tn: c.negatives - c.warnFp - c.failFp, fn: c.flagFn };
}
