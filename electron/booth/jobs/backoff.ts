// The one backoff policy for every retried job: exponential with "equal jitter".

export const BACKOFF = {
  /** delay before the first retry, before jitter */
  baseMs: 2_000,
  factor: 2,
  /** a booth offline for days still tries every 15 minutes at most */
  maxMs: 15 * 60_000,
} as const;

/**
 * Delay before retry number `attempt` (1 = the first retry): d = min(max, base × 2^(attempt−1)),
 * then uniformly random in [d/2, d] so booths that lost the network together do not return in
 * lock step. `minMs` (a server's Retry-After) is honoured as a floor.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random, minMs = 0): number {
  const n = Math.max(1, Math.floor(attempt));
  const d = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * BACKOFF.factor ** (n - 1));
  return Math.max(minMs, Math.round(d / 2 + random() * (d / 2)));
}
