// AES-256-GCM sealing of photos and personal fields at rest, bound to what they belong to.
import { createCipheriv, createDecipheriv, randomBytes, createHmac } from 'node:crypto';

/** Format byte first so a later format can coexist with files written by this one. */
const FORMAT_V1 = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** Decryption failed: the data was changed, belongs to another record, or the key is not the one it was sealed with. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
}

/**
 * Seals `plain` under `key`. `context` (e.g. "photo:<id>:original") is authenticated but not
 * stored, so a ciphertext moved to another record or purpose fails to open.
 */
export function seal(key: Buffer, plain: Buffer, context: string): Buffer {
  assertKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_V1]), nonce, body, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer, context: string): Buffer {
  assertKey(key);
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1) {
    throw new DecryptError(`sealed data for ${context} is truncated or of an unknown format`);
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptError(`sealed data for ${context} failed authentication (changed on disk, or a different key)`);
  }
}

export function sealJson(key: Buffer, value: unknown, context: string): Buffer {
  return seal(key, Buffer.from(JSON.stringify(value), 'utf8'), context);
}

export function openJson(key: Buffer, sealed: Buffer, context: string): unknown {
  return JSON.parse(open(key, sealed, context).toString('utf8')) as unknown;
}

/** A keyed digest for looking things up without storing them (e.g. attempt counts per code). */
export function keyedDigest(key: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', key).update(purpose).update('\0').update(value, 'utf8').digest('hex');
}

/** Identifies a key without revealing it, so the store can tell "wrong key" from "corrupt data". */
export function keyFingerprint(key: Buffer): string {
  return keyedDigest(key, 'gradbooth key fingerprint', 'v1').slice(0, 32);
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`AES-256-GCM key must be ${KEY_BYTES} bytes, got ${key.length}`);
}
