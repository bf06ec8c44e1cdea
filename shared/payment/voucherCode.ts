// Voucher codes a student can type: Crockford base32 in groups (XXXX-XXXX-XXXX-XXXX), 75 random bits
// and one check character. The check is a weighted sum over GF(32) with distinct non-zero weights,
// so it detects every single-character substitution and every transposition of two characters
// (the error a person makes when typing), which a plain mod-32 sum cannot.

/** Crockford's alphabet: no I, L, O, U, so 1/I/L and 0/O cannot be confused. */
export const VOUCHER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const VOUCHER_DATA_LENGTH = 15;
export const VOUCHER_LENGTH = VOUCHER_DATA_LENGTH + 1;
const GROUP = 4;

/** GF(2^5) with the primitive polynomial x^5 + x^2 + 1: every non-zero element is a power of 2 (α). */
function gfMultiply(a: number, b: number): number {
  let product = 0;
  let x = a;
  let y = b;
  while (y > 0) {
    if (y & 1) product ^= x;
    y >>= 1;
    x <<= 1;
    if (x & 0b100000) x ^= 0b100101;
  }
  return product;
}

/** α^1 … α^15: distinct and non-zero (α has order 31), and distinct from the check's weight α^0 = 1. */
const WEIGHTS: readonly number[] = (() => {
  const weights: number[] = [];
  let power = 1;
  for (let i = 0; i < VOUCHER_DATA_LENGTH; i += 1) {
    power = gfMultiply(power, 2);
    weights.push(power);
  }
  return weights;
})();

function symbolValue(symbol: string): number {
  return VOUCHER_ALPHABET.indexOf(symbol);
}

/** The check symbol c with c + Σ α^(i+1)·d_i = 0 in GF(32) (addition is XOR, so c is the sum itself). */
export function checkSymbol(data: string): string {
  if (data.length !== VOUCHER_DATA_LENGTH) throw new RangeError(`voucher data must be ${VOUCHER_DATA_LENGTH} symbols, got ${data.length}`);
  let sum = 0;
  for (let i = 0; i < data.length; i += 1) {
    const value = symbolValue(data[i] as string);
    if (value < 0) throw new RangeError(`'${data[i]}' is not a voucher symbol`);
    sum ^= gfMultiply(WEIGHTS[i] as number, value);
  }
  return VOUCHER_ALPHABET[sum] as string;
}

/**
 * What a person typed or a scanner read, as the bare 16 symbols: case, spaces and dashes ignored,
 * and the letters Crockford reads as digits (I, L → 1; O → 0) mapped. Null when it cannot be a code.
 */
export function normaliseVoucher(input: string): string | null {
  const bare = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (bare.length !== VOUCHER_LENGTH) return null;
  for (const symbol of bare) if (symbolValue(symbol) < 0) return null;
  return bare;
}

/** True when the last symbol is the check of the first fifteen (input already normalised). */
export function checksumValid(normalised: string): boolean {
  return normalised.length === VOUCHER_LENGTH && checkSymbol(normalised.slice(0, VOUCHER_DATA_LENGTH)) === normalised[VOUCHER_DATA_LENGTH];
}

/** How a code is printed and shown: four groups of four. */
export function formatVoucher(normalised: string): string {
  const groups: string[] = [];
  for (let i = 0; i < normalised.length; i += GROUP) groups.push(normalised.slice(i, i + GROUP));
  return groups.join('-');
}

/** A fresh random code; 32 divides 256, so masking a random byte to 5 bits is unbiased. */
export function generateVoucherCode(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(VOUCHER_DATA_LENGTH));
  let data = '';
  for (const byte of bytes) data += VOUCHER_ALPHABET[byte & 31];
  return formatVoucher(data + checkSymbol(data));
}
