// Whether a student whose code cannot be resolved right now may go on with deferred verification
// (code + last-4 stored sealed with the submission, resolved at sync) — only where the booth config allows it.

export type VerificationPlan =
  | { plan: 'resolve' }
  | { plan: 'defer' }
  | { plan: 'refuse'; message_zh: string; message_en: string };

/**
 * `resolverReachable`: the review service answered (or would be asked) now. `allowDeferred`: the
 * booth config's `deferredVerification`. The code and last-4 must already have passed codeParser.
 */
export function planVerification(s: { resolverReachable: boolean; allowDeferred: boolean }): VerificationPlan {
  if (s.resolverReachable) return { plan: 'resolve' };
  if (s.allowDeferred) return { plan: 'defer' };
  return {
    plan: 'refuse',
    message_zh: '暂时无法联网核验采集码，请稍后再试或联系工作人员。',
    message_en: 'The collection code cannot be verified now (review service unreachable) and this booth does not allow deferred verification; retry later or ask staff.',
  };
}
