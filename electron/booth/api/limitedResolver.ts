// Resolving a code with the last 4 ID characters behind the booth's attempt limiter: 5 wrong
// answers lock the code (and a booth-wide ceiling stops walking through codes), whatever resolver
// answers — the review service online, or the demo resolver in development.
import type { ResolvedRecord } from '../../../shared/api/boothApi.ts';
import type { AttemptLimiter } from '../codes/attemptLimiter.ts';
import type { Resolution } from './boothPorts.ts';

/** What a resolver says about one code + last-4, before the booth's own rate limiting. */
export type ResolverAnswer =
  | { kind: 'resolved'; record: ResolvedRecord }
  | { kind: 'wrong_last4' }
  | { kind: 'unknown_code' }
  /** the resolver's own limit (the review service counts per code and per booth too) */
  | { kind: 'locked'; message_zh: string; message_en: string }
  /** offline, not enrolled, or the service failed: nothing was learnt about the code */
  | { kind: 'unavailable'; message_en: string };
export type CodeResolver = (code: string, last4: string) => Promise<ResolverAnswer>;

/** The refusal code of "the resolver could not be asked": the only one deferred verification may pass. */
export const RESOLVER_UNAVAILABLE = 'resolver_unavailable';

export function limitedResolver(resolver: CodeResolver, limiter: AttemptLimiter, now: () => number): (code: string, last4: string) => Promise<Resolution> {
  return async (code, last4) => {
    const before = limiter.check(code, now());
    if (!before.allowed) return { ok: false, error: { code: 'locked', message_zh: before.message_zh, message_en: before.message_en }, attemptsLeft: 0, locked: true };
    const answer = await resolver(code, last4);
    if (answer.kind === 'resolved') {
      limiter.recordSuccess(code);
      return { ok: true, record: answer.record };
    }
    if (answer.kind === 'locked') return { ok: false, error: { code: 'locked', message_zh: answer.message_zh, message_en: answer.message_en }, attemptsLeft: 0, locked: true };
    if (answer.kind === 'unavailable') {
      return { ok: false, error: { code: RESOLVER_UNAVAILABLE, message_zh: '暂时无法联网核验采集码，请稍后再试或联系工作人员。', message_en: answer.message_en }, attemptsLeft: before.remaining, locked: false };
    }
    if (answer.kind === 'unknown_code') {
      return { ok: false, error: { code: 'unknown_code', message_zh: '无法识别这个采集码：它可能已过期，或不是本人的学信网图像采集码。请在学信网重新获取后再扫描，或联系工作人员。', message_en: 'This collection code is not recognised: it may have expired, or not be your CHSI image collection code. Get it again on 学信网 and scan again, or ask the staff.' }, attemptsLeft: 0, locked: false };
    }
    const after = limiter.recordFailure(code, now());
    if (!after.allowed) return { ok: false, error: { code: 'locked', message_zh: after.message_zh, message_en: after.message_en }, attemptsLeft: 0, locked: true };
    return {
      ok: false,
      error: { code: 'wrong_digits', message_zh: `证件号后四位不正确，还可以再试 ${after.remaining} 次。`, message_en: `Wrong last 4 ID characters; ${after.remaining} attempts left.` },
      attemptsLeft: after.remaining,
      locked: false,
    };
  };
}
