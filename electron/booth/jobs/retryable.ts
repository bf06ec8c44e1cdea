// Deciding whether a failed job is worth retrying, shared by every job kind.

/** Throw from a handler to retry no sooner than `retryAfterMs` (e.g. a 429/503 Retry-After). */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Throw from a handler when retrying cannot help (bad data, 4xx): the job goes dead for the operator. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** Local data that retrying cannot bring back (the store's and the cipher's named errors). */
const PERMANENT_NAMES = new Set(['PermanentJobError', 'SubmissionUnavailableError', 'DecryptError', 'KeyMismatchError']);

/**
 * True when trying again later may succeed: network failures (ECONNREFUSED, timeouts, ...),
 * HTTP 408/425/429/5xx, and errors we cannot classify (retrying is safe because handlers are
 * idempotent, and giving up would strand an accepted photo). False for PermanentJobError, the
 * store's "photo missing/purged" and decryption errors, and other HTTP 4xx.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof Error && PERMANENT_NAMES.has(err.name)) return false;
  const status = httpStatus(err);
  if (status !== null) return status === 408 || status === 425 || status === 429 || status >= 500;
  return true;
}

/** A minimum delay the failure asks for, in ms (RetryLaterError), or 0. */
export function retryAfterMs(err: unknown): number {
  return err instanceof RetryLaterError ? Math.max(0, err.retryAfterMs) : 0;
}

function httpStatus(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; statusCode?: unknown };
  const s = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  return s !== null && s >= 400 && s < 600 ? s : null;
}
