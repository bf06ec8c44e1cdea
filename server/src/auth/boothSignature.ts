// Verifies a signed booth request (ARCHITECTURE §6): body digest, clock skew ≤ 5 min, Ed25519
// signature over the canonical form, and a nonce never seen before from that booth (replays refused).
// The nonce table is shared by every service node, so a replay to another node is refused too.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalRequest, MAX_CLOCK_SKEW_MS, NONCE_PATTERN, SIGNATURE_HEADERS } from '../../../shared/sync/requestSigning.ts';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation } from '../db/database.ts';
import { HttpError } from '../http/httpError.ts';

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer | undefined;
}

export interface VerifiedBooth {
  id: string;
  school: string;
  degreeCategories: string[];
  paymentMode: string;
}

export function publicKeyFromRaw(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32) throw new HttpError(400, 'bad_public_key', 'the Ed25519 public key must be 32 raw bytes in base64');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

function header(request: SignedRequest, name: string): string {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) throw new HttpError(401, 'unsigned', `missing ${name} header: booth requests must be signed`);
  return text;
}

/** Checks everything that does not need the database; returns the parts for the key check. */
export function checkSignatureEnvelope(request: SignedRequest, now: number): { boothId: string; canonical: string; signature: Buffer; nonce: string } {
  const boothId = header(request, SIGNATURE_HEADERS.booth);
  const timestamp = Number(header(request, SIGNATURE_HEADERS.timestamp));
  const nonce = header(request, SIGNATURE_HEADERS.nonce);
  const claimedDigest = header(request, SIGNATURE_HEADERS.contentSha256);
  const signature = Buffer.from(header(request, SIGNATURE_HEADERS.signature), 'base64');
  if (!Number.isSafeInteger(timestamp)) throw new HttpError(401, 'bad_timestamp', 'x-gb-timestamp must be integer ms since epoch');
  if (Math.abs(now - timestamp) > MAX_CLOCK_SKEW_MS) {
    throw new HttpError(401, 'clock_skew', `request timestamp is ${Math.round((timestamp - now) / 1000)} s off the service clock (limit ${MAX_CLOCK_SKEW_MS / 1000} s); correct the booth clock`, { serverTime: now });
  }
  if (!NONCE_PATTERN.test(nonce)) throw new HttpError(401, 'bad_nonce', 'x-gb-nonce must be 22–64 base64url characters');
  const digest = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
  if (digest !== claimedDigest) throw new HttpError(401, 'body_digest_mismatch', 'the body does not match its signed sha256 (altered in transit?)');
  const canonical = canonicalRequest({ method: request.method, path: request.url, bodySha256: digest, timestamp, nonce, boothId });
  return { boothId, canonical, signature, nonce };
}

export function signatureValid(key: KeyObject, canonical: string, signature: Buffer): boolean {
  return signature.length === 64 && verify(null, Buffer.from(canonical), key, signature);
}

/**
 * Records the nonce; a second use within the skew window is a replay. `db` may be the relaxed
 * (no WAL flush) connection: losing the last few hundred ms of nonces in a power cut can at most let
 * a request be replayed once within its 5-minute window, and every booth request is idempotent.
 */
export async function consumeNonce(db: Kysely<Database>, boothId: string, nonce: string, now: number): Promise<void> {
  try {
    await db.insertInto('booth_nonces').values({ booth_id: boothId, nonce, seen_at: now }).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(401, 'replayed', 'this signed request was already used (replay refused)');
    throw error;
  }
}

export class BoothAuthenticator {
  private readonly keys = new Map<string, KeyObject>();
  private readonly db: Kysely<Database>;
  private readonly nonces: Kysely<Database>;
  private lastPurge = 0;

  constructor(db: Kysely<Database>, nonces: Kysely<Database>) {
    this.db = db;
    this.nonces = nonces;
  }

  async verify(request: SignedRequest): Promise<VerifiedBooth> {
    const now = Date.now();
    const { boothId, canonical, signature, nonce } = checkSignatureEnvelope(request, now);
    const booth = await this.db.selectFrom('booths').selectAll().where('id', '=', boothId).executeTakeFirst();
    if (!booth) throw new HttpError(401, 'unknown_booth', 'no booth with this id is enrolled; enrol the booth again');
    if (booth.revoked_at !== null) throw new HttpError(403, 'booth_revoked', 'this booth was revoked by an administrator', { message_zh: '本机已被管理员停用，请联系管理员。' });
    let key = this.keys.get(boothId);
    if (!key) {
      key = publicKeyFromRaw(booth.public_key);
      this.keys.set(boothId, key);
    }
    if (!signatureValid(key, canonical, signature)) throw new HttpError(401, 'bad_signature', 'the request signature does not verify with this booth key');
    await consumeNonce(this.nonces, boothId, nonce, now);
    if (now - this.lastPurge > 60_000) {
      this.lastPurge = now;
      // nonces older than twice the skew window can never be accepted again anyway
      await this.nonces.deleteFrom('booth_nonces').where('seen_at', '<', now - 2 * MAX_CLOCK_SKEW_MS).execute();
    }
    return { id: booth.id, school: booth.school, degreeCategories: JSON.parse(booth.degree_categories) as string[], paymentMode: booth.payment_mode };
  }
}
