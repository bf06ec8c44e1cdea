// Photos and personal fields are sealed with AES-256-GCM under a per-booth key that is created
// once, kept 0600, and never silently replaced.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { stat, readFile, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { seal, open, DecryptError, keyFingerprint } from '../../electron/booth/crypto/aead.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import { KeyUnavailableError } from '../../electron/booth/crypto/keyProvider.ts';
import { safeStorageKeyProvider, chooseKeySource, NO_KEYRING_WARNING, WRAPPED_KEY_FILE, PLAIN_KEY_FILE, type SafeStorageLike } from '../../electron/booth/crypto/safeStorageKeyProvider.ts';
import { makeTempDir, removeDir } from '../integration/fixtures/boothStoreSetup.ts';

const log = pino({ level: 'silent' });
let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('crypto');
});
afterEach(async () => {
  await removeDir(dir);
});

describe('AES-256-GCM sealing', () => {
  const key = randomBytes(32);
  const photo = randomBytes(50_000);

  it('opens what it sealed, and the same plaintext never seals to the same bytes', () => {
    const a = seal(key, photo, 'photo:1:original');
    expect(open(key, a, 'photo:1:original').equals(photo)).toBe(true);
    expect(seal(key, photo, 'photo:1:original').equals(a)).toBe(false);
  });

  it('refuses a changed byte, another record\'s context, a wrong key and a truncated file', () => {
    const a = seal(key, photo, 'photo:1:original');
    const flipped = Buffer.from(a);
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    expect(() => open(key, flipped, 'photo:1:original')).toThrow(DecryptError);
    expect(() => open(key, a, 'photo:2:original')).toThrow(DecryptError);
    expect(() => open(randomBytes(32), a, 'photo:1:original')).toThrow(DecryptError);
    expect(() => open(key, a.subarray(0, 20), 'photo:1:original')).toThrow(/truncated/);
  });

  it('a key fingerprint tells keys apart without revealing them', () => {
    expect(keyFingerprint(key)).toBe(keyFingerprint(Buffer.from(key)));
    expect(keyFingerprint(key)).not.toBe(keyFingerprint(randomBytes(32)));
    expect(keyFingerprint(key)).not.toContain(key.toString('hex').slice(0, 8));
  });
});

describe('key file provider (web host, and the no-keyring fallback)', () => {
  it('creates a 32-byte key with mode 0600 once and returns the same key afterwards', async () => {
    const file = path.join(dir, 'k', 'booth.key');
    const k1 = await keyFileProvider({ path: file, log }).loadKey();
    expect(k1.length).toBe(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await keyFileProvider({ path: file, log }).loadKey()).equals(k1)).toBe(true);
  });

  it('warns the operator when the key file is readable by others', async () => {
    const file = path.join(dir, 'booth.key');
    await keyFileProvider({ path: file, log }).loadKey();
    await chmod(file, 0o644);
    const p = keyFileProvider({ path: file, log });
    await p.loadKey();
    expect(p.warnings.join()).toMatch(/chmod 600/);
  });

  it('a damaged key file is an error, never replaced by a new key', async () => {
    const file = path.join(dir, 'booth.key');
    await writeFile(file, 'short', { mode: 0o600 });
    await expect(keyFileProvider({ path: file, log }).loadKey()).rejects.toBeInstanceOf(KeyUnavailableError);
    expect(await readFile(file, 'utf8')).toBe('short');
  });
});

/** Stands in for Electron's safeStorage, which cannot run outside Electron: reversible, keyed by a secret. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  const secret = randomBytes(16);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.concat([secret, Buffer.from(s, 'utf8')]),
    decryptString: (b) => {
      if (!b.subarray(0, 16).equals(secret)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return b.subarray(16).toString('utf8');
    },
  };
}

describe('safeStorage key provider (the app)', () => {
  it('with a keyring, the key is stored wrapped by safeStorage, never in clear', async () => {
    const ss = fakeSafeStorage('gnome_libsecret');
    const p = safeStorageKeyProvider(ss, { dir, log });
    const key = await p.loadKey();
    expect(p.warnings).toEqual([]);
    expect(p.kind).toBe('safeStorage');
    const wrapped = await readFile(path.join(dir, WRAPPED_KEY_FILE));
    expect(wrapped.includes(key)).toBe(false);
    expect((await safeStorageKeyProvider(ss, { dir, log }).loadKey()).equals(key)).toBe(true);
  });

  it('without a keyring (basic_text) it falls back to a 0600 key file and warns the operator', async () => {
    const p = safeStorageKeyProvider(fakeSafeStorage('basic_text'), { dir, log });
    await p.loadKey();
    expect(p.warnings).toEqual([NO_KEYRING_WARNING]);
    expect(p.kind).toBe('key-file');
    expect((await stat(path.join(dir, PLAIN_KEY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('a wrapped key whose keyring is unavailable now is an error, never a fresh key', async () => {
    await safeStorageKeyProvider(fakeSafeStorage('kwallet5'), { dir, log }).loadKey();
    await expect(safeStorageKeyProvider(fakeSafeStorage('basic_text'), { dir, log }).loadKey()).rejects.toThrow(/keyring.*not available/);
    await expect(safeStorageKeyProvider(fakeSafeStorage('kwallet5', false), { dir, log }).loadKey()).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('the decision table: key file wins once it exists; safeStorage only where it really encrypts', () => {
    expect(chooseKeySource({ encryptionAvailable: true, backend: 'gnome_libsecret', wrappedKeyExists: false, keyFileExists: false }).source).toBe('safeStorage');
    expect(chooseKeySource({ encryptionAvailable: true, backend: undefined, wrappedKeyExists: false, keyFileExists: false }).source).toBe('safeStorage');
    expect(chooseKeySource({ encryptionAvailable: false, backend: undefined, wrappedKeyExists: false, keyFileExists: false }).source).toBe('key-file');
    expect(chooseKeySource({ encryptionAvailable: true, backend: 'gnome_libsecret', wrappedKeyExists: false, keyFileExists: true }).source).toBe('key-file');
    expect(chooseKeySource({ encryptionAvailable: false, backend: 'basic_text', wrappedKeyExists: true, keyFileExists: false }).source).toBe('unavailable');
  });
});
