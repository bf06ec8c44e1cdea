// A voucher batch as the booth receives it: the service signs (Ed25519) the canonical JSON of who
// may redeem it, until when, its value and the salted SHA-256 of every code, so the booth can accept
// a voucher offline without ever holding the codes themselves. WebCrypto only (runs in Node and browsers).
import { z } from 'zod';
import { toFen, type Fen } from './fen.ts';
import { generateVoucherCode, normaliseVoucher } from './voucherCode.ts';

export const VOUCHER_BATCH_VERSION = 1;

export const VoucherBatchPayloadSchema = z.object({
  version: z.literal(VOUCHER_BATCH_VERSION),
  boothId: z.string().min(1),
  batchId: z.string().min(1),
  /** ms since epoch; a voucher is refused from this instant on */
  expiresAt: z.number().int().positive(),
  valueFen: z.number().int().min(0),
  /** per batch, so a hash list leaked from one booth cannot be matched against another batch */
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  voucherHashes: z.array(z.string().regex(/^[0-9a-f]{64}$/)).min(1),
});
export type VoucherBatchPayload = Omit<z.infer<typeof VoucherBatchPayloadSchema>, 'valueFen'> & { valueFen: Fen };

export const SignedVoucherBatchSchema = z.object({
  payload: VoucherBatchPayloadSchema,
  /** base64 Ed25519 signature over canonicalJson(payload) */
  signature: z.string().min(1),
});
export interface SignedVoucherBatch {
  payload: VoucherBatchPayload;
  signature: string;
}

/** A batch whose signature was checked; only verifyVoucherBatch makes one. */
export interface VerifiedVoucherBatch {
  readonly payload: VoucherBatchPayload;
  readonly hashes: ReadonlySet<string>;
  readonly __verified: true;
}

/**
 * JSON with object keys sorted at every level and no whitespace, so signer and verifier hash the
 * same bytes whatever order the fields travelled in. Only integers: a float has no single spelling.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`canonical JSON carries only safe integers, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64FromBytes(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** SHA-256 hex of "salt:CODE" for a normalised code; the only form in which a code leaves the service. */
export async function voucherHash(salt: string, normalisedCode: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${normalisedCode}`));
  return hex(new Uint8Array(digest));
}

export interface VoucherBatchRequest {
  boothId: string;
  batchId: string;
  expiresAt: number;
  valueFen: Fen;
  count: number;
}

/**
 * Makes the codes of a new batch (printed once for the admin, never stored) and the signed batch for
 * the booth. `sign` is the service's Ed25519 signer (node:crypto on the service).
 */
export async function issueVoucherBatch(
  request: VoucherBatchRequest,
  sign: (message: Uint8Array) => Promise<Uint8Array> | Uint8Array,
): Promise<{ codes: string[]; batch: SignedVoucherBatch }> {
  if (!Number.isSafeInteger(request.count) || request.count < 1 || request.count > 10_000) {
    throw new RangeError(`a batch holds 1 to 10000 vouchers, got ${request.count}`);
  }
  const salt = hex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const codes = new Set<string>();
  while (codes.size < request.count) codes.add(generateVoucherCode());
  const voucherHashes = await Promise.all([...codes].map((code) => voucherHash(salt, normaliseVoucher(code) as string)));
  const payload: VoucherBatchPayload = {
    version: VOUCHER_BATCH_VERSION,
    boothId: request.boothId,
    batchId: request.batchId,
    expiresAt: request.expiresAt,
    valueFen: toFen(request.valueFen),
    salt,
    voucherHashes,
  };
  const signature = await sign(new TextEncoder().encode(canonicalJson(payload)));
  return { codes: [...codes], batch: { payload, signature: base64FromBytes(signature) } };
}

export type BatchVerification =
  | { ok: true; batch: VerifiedVoucherBatch }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'other_booth' };

/**
 * What the booth runs when a batch arrives (and again when it loads its stored batches): shape,
 * Ed25519 signature with the service's 32-byte raw public key, and that it was issued for this booth.
 */
export async function verifyVoucherBatch(received: unknown, servicePublicKey: Uint8Array<ArrayBuffer>, ownBoothId: string): Promise<BatchVerification> {
  const parsed = SignedVoucherBatchSchema.safeParse(received);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const signature = bytesFromBase64(parsed.data.signature);
  if (!signature || signature.length !== 64) return { ok: false, reason: 'bad_signature' };
  const key = await globalThis.crypto.subtle.importKey('raw', servicePublicKey, { name: 'Ed25519' }, false, ['verify']);
  const message = new TextEncoder().encode(canonicalJson(parsed.data.payload));
  if (!(await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message))) return { ok: false, reason: 'bad_signature' };
  // checked after the signature, so a forged batch is reported as forged rather than as misaddressed
  if (parsed.data.payload.boothId !== ownBoothId) return { ok: false, reason: 'other_booth' };
  const payload: VoucherBatchPayload = { ...parsed.data.payload, valueFen: toFen(parsed.data.payload.valueFen) };
  return { ok: true, batch: { payload, hashes: new Set(payload.voucherHashes), __verified: true } };
}
