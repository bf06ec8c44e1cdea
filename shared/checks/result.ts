// Building CheckResults: the verdict from a measured value and its thresholds, with the rule's
// student-facing Chinese and log-facing English message.
import type { CheckResult, RuleId, Threshold, Verdict } from '../checkResult.ts';
import { mayBlock } from './blocking.ts';
import { messagesFor } from './messages.ts';

/** A rule's result; a `fail` of a rule that may not block (blocking.ts) is reported as `warn`. */
export function result(id: RuleId, measured: Verdict, value: number | null, threshold: Threshold, detailEn?: string): CheckResult {
  const verdict = measured === 'fail' && !mayBlock(id) ? 'warn' : measured;
  const m = messagesFor(id);
  const [zh, en] = verdict === 'pass' ? m.pass : verdict === 'warn' ? (m.warn ?? m.fail) : m.fail;
  const rounded = value === null ? null : Math.round(value * 1000) / 1000;
  return { id, verdict, value: rounded, threshold, message_zh: zh, message_en: detailEn ? `${en} (${detailEn})` : en };
}

/** A rule that cannot be measured goes to a reviewer: never a silent pass. */
export function unmeasured(id: RuleId, threshold: Threshold, reasonEn: string): CheckResult {
  const [zh, en] = messagesFor(id).unmeasured ?? ['这一项需要人工确认', 'not checked'];
  return { id, verdict: 'warn', value: null, threshold, message_zh: zh, message_en: `${en}: ${reasonEn}, a reviewer decides` };
}

/**
 * Higher-is-worse value: pass below `warn`, warn between, fail from `fail` (no `fail` = warn-only rule).
 * The threshold reported is the pass limit.
 */
export function graded(id: RuleId, value: number, limits: { warn?: number; fail?: number }, unit: string, detailEn?: string): CheckResult {
  const passMax = limits.warn ?? limits.fail ?? Infinity;
  let verdict: Verdict = 'pass';
  if (limits.fail !== undefined && value >= limits.fail) verdict = 'fail';
  else if (value >= passMax) verdict = 'warn';
  return result(id, verdict, value, { max: passMax, unit }, detailEn);
}
