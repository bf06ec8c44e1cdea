// The booth's identity at the review service: its id and Ed25519 key pair, kept in the booth store's
// config with the private key sealed under the booth data key (never on disk in clear).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { BoothStore } from '../store/boothStore.ts';
import { open, seal } from '../crypto/aead.ts';
import { BoothConfigSchema, CodeShapeSchema, type BoothConfig, type CodeShape } from '../../../shared/sync/protocol.ts';

const CREDENTIALS_KEY = 'sync.credentials';
const CONTEXT = 'sync:booth-private-key';

export interface BoothCredentials {
  serviceUrl: string;
  boothId: string;
  /** raw 32-byte Ed25519 public key, base64 */
  publicKey: string;
  privateKey: KeyObject;
  config: BoothConfig;
  /** the collection codes the service's resolver accepts */
  codeShape: CodeShape;
}

interface StoredCredentials {
  serviceUrl: string;
  boothId: string;
  publicKey: string;
  sealedPrivateKey: string;
  config: BoothConfig;
  codeShape: CodeShape;
}

export function newKeyPair(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x) throw new Error('Ed25519 key export gave no public point');
  return { publicKey: Buffer.from(jwk.x, 'base64url').toString('base64'), privateKey };
}

export function saveCredentials(store: BoothStore, dataKey: Buffer, credentials: BoothCredentials): void {
  const pkcs8 = credentials.privateKey.export({ format: 'der', type: 'pkcs8' });
  const stored: StoredCredentials = {
    serviceUrl: credentials.serviceUrl,
    boothId: credentials.boothId,
    publicKey: credentials.publicKey,
    sealedPrivateKey: seal(dataKey, pkcs8, CONTEXT).toString('base64'),
    config: credentials.config,
    codeShape: credentials.codeShape,
  };
  store.config.set(CREDENTIALS_KEY, stored);
}

/** The enrolled identity, or null before enrollment. */
export function loadCredentials(store: BoothStore, dataKey: Buffer): BoothCredentials | null {
  const stored = store.config.get<StoredCredentials | null>(CREDENTIALS_KEY, null);
  if (!stored) return null;
  const der = open(dataKey, Buffer.from(stored.sealedPrivateKey, 'base64'), CONTEXT);
  return {
    serviceUrl: stored.serviceUrl,
    boothId: stored.boothId,
    publicKey: stored.publicKey,
    privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
    config: BoothConfigSchema.parse(stored.config),
    codeShape: CodeShapeSchema.parse(stored.codeShape),
  };
}

/**
 * The service's current assignment (school, 学历类别, payment mode), or null before enrollment. Read on
 * each use, since the decisions feed may change it; unlike loadCredentials it opens no sealed key.
 */
export function loadAssignedConfig(store: BoothStore): BoothConfig | null {
  const stored = store.config.get<StoredCredentials | null>(CREDENTIALS_KEY, null);
  return stored ? BoothConfigSchema.parse(stored.config) : null;
}

/** A config change from the decisions feed. */
export function updateBoothConfig(store: BoothStore, config: BoothConfig): void {
  const stored = store.config.get<StoredCredentials | null>(CREDENTIALS_KEY, null);
  if (stored) store.config.set(CREDENTIALS_KEY, { ...stored, config });
}
