// Deletes local copies the review service has acknowledged, after the configured grace period.
import type { BoothStore } from '../store/boothStore.ts';

export const DEFAULT_GRACE_DAYS = 7;
export const GRACE_DAYS_CONFIG_KEY = 'retention.graceDays';
const DAY_MS = 86_400_000;

/** The grace period from the booth config (days), or the default. */
export function graceMs(store: BoothStore): number {
  const days = store.config.get<number>(GRACE_DAYS_CONFIG_KEY, DEFAULT_GRACE_DAYS);
  return (Number.isFinite(days) && days >= 0 ? days : DEFAULT_GRACE_DAYS) * DAY_MS;
}

/** Purges submissions acknowledged at least the grace period ago; returns how many. Unacknowledged ones are never touched. */
export async function purgeAcknowledged(store: BoothStore, opts: { now?: number; graceMs?: number } = {}): Promise<number> {
  const now = opts.now ?? store.now();
  const ids = store.listSubmissionIds('acknowledged', { acknowledgedBefore: now - (opts.graceMs ?? graceMs(store)) });
  return store.purgeSubmissions(ids, 'system');
}

/** Operator-triggered: purges every acknowledged submission now, grace period or not. */
export async function purgeNow(store: BoothStore): Promise<number> {
  return store.purgeSubmissions(store.listSubmissionIds('acknowledged'), 'operator');
}
