// The one way the service checks a collection code's last 4 ID characters, for every path that does:
// the booth's live resolve and the upload that settles a deferred verification. Each attempt counts
// against the code and against the booth before the resolver answers (GuessLimiter), so neither
// parallel requests nor uploads get more guesses than /codes/resolve.
import type { ServiceContext } from '../serviceContext.ts';
import type { ResolveOutcome } from './codeResolver.ts';
import { GUESS_LIMITS } from './guessLimiter.ts';

export type LastFourOutcome = Exclude<ResolveOutcome, { kind: 'wrong_last4' }> | { kind: 'wrong_last4'; remainingAttempts: number };

/** Throws 429 while the code or the booth is locked; `codeKey` is the code's key (codeKey()). */
export async function checkLastFour(ctx: ServiceContext, boothId: string, code: { text: string; key: string }, last4: string, now: number): Promise<LastFourOutcome> {
  const attempt = await ctx.guesses.begin([
    { key: `code:${code.key}`, limit: GUESS_LIMITS.perCode, onRight: 'clear' },
    { key: `booth:${boothId}`, limit: GUESS_LIMITS.perBooth, onRight: 'refund' },
  ], now);
  const outcome = await ctx.resolver.resolve(code.text, last4);
  // an unknown code is no guess at the last 4 (it reveals nothing about anyone's)
  const remainingAttempts = await attempt.settle(outcome.kind === 'ok' ? 'right' : outcome.kind === 'wrong_last4' ? 'wrong' : 'void');
  return outcome.kind === 'wrong_last4' ? { kind: 'wrong_last4', remainingAttempts } : outcome;
}
