// The service's Ed25519 key for signing voucher batches, kept in the database (settings) so every
// service node signs with the same key and booths can pin its public half.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sharedSetting } from '../db/sharedSetting.ts';

const KEY_SETTING = 'payment.voucher_signing_key';

export interface ServiceSigner {
  /** raw 32-byte public key, base64 */
  publicKey: string;
  sign(message: Uint8Array): Uint8Array;
}

function signer(privateKey: KeyObject): ServiceSigner {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (!jwk.x) throw new Error('the voucher signing key has no Ed25519 public point');
  return { publicKey: Buffer.from(jwk.x, 'base64url').toString('base64'), sign: (message) => sign(null, message, privateKey) };
}

export async function serviceSigner(db: Kysely<Database>): Promise<ServiceSigner> {
  const stored = await sharedSetting(db, KEY_SETTING, () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
  return signer(createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' }));
}
