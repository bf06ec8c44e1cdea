// Money as integer fen (1 yuan = 100 fen), never floating point: a branded type that only a
// validating constructor can make, so an amount read from JSON or a provider is checked once.

export type Fen = number & { readonly __brand: 'Fen' };

/** Accepts only a non-negative safe integer; anything else (1.5, NaN, -1, '100') is a bug upstream. */
export function toFen(value: unknown): Fen {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`an amount must be a non-negative integer number of fen, got ${String(value)}`);
  }
  return value as Fen;
}

/** For people: 1250 → "¥12.50", computed on integers so no rounding can creep in. */
export function formatYuan(amount: Fen): string {
  const yuan = Math.floor(amount / 100);
  const fen = amount % 100;
  return `¥${yuan}.${String(fen).padStart(2, '0')}`;
}
