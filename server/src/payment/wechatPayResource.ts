// Decrypting the `resource` of a WeChat Pay v3 notification: AEAD_AES_256_GCM with the merchant's
// APIv3 key (32 ASCII bytes), the given nonce and associated_data; the base64 ciphertext carries the
// 16-byte authentication tag at its end.
import { createDecipheriv } from 'node:crypto';

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

const TAG_BYTES = 16;

/** Returns the plaintext, or null when the resource is not authentic under this key. */
export function decryptResource(resource: EncryptedResource, apiV3Key: Buffer): Buffer | null {
  if (apiV3Key.length !== 32) throw new RangeError(`the APIv3 key must be 32 bytes, got ${apiV3Key.length}`);
  if (resource.algorithm !== 'AEAD_AES_256_GCM') return null;
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}
