// The app's key provider: the booth key wrapped by Electron safeStorage, with the fallback to a
// 0600 key file (and an operator warning) where safeStorage would only obfuscate it.
import { readFile, access, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { KEY_BYTES } from './aead.ts';
import { KeyUnavailableError, type KeyProvider } from './keyProvider.ts';
import { keyFileProvider } from './keyFileProvider.ts';
import { writeFileDurably } from '../files/durableWrite.ts';

/** The part of Electron's `safeStorage` this needs; the shell passes the real one in. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a hard-coded password protects the data. */
  getSelectedStorageBackend?(): string;
}

export const WRAPPED_KEY_FILE = 'booth.key.safestorage';
export const PLAIN_KEY_FILE = 'booth.key';

export const NO_KEYRING_WARNING =
  'no OS keyring available (safeStorage would store the key in plain text): the booth key is kept in a 0600 key file; protect the disk (full-disk encryption) or install a keyring (gnome-keyring / kwallet)';

export type KeySource =
  | { source: 'safeStorage' }
  | { source: 'key-file'; warning: string }
  | { source: 'unavailable'; error: string };

/** Which key store to use. Never invents a new key while an existing one is merely unreadable. */
export function chooseKeySource(s: { encryptionAvailable: boolean; backend: string | undefined; wrappedKeyExists: boolean; keyFileExists: boolean }): KeySource {
  const safe = s.encryptionAvailable && s.backend !== 'basic_text';
  if (s.keyFileExists) return { source: 'key-file', warning: NO_KEYRING_WARNING };
  if (s.wrappedKeyExists) {
    return safe
      ? { source: 'safeStorage' }
      : { source: 'unavailable', error: 'the booth key is protected by the OS keyring, which is not available now (locked, or the user session changed); unlock the keyring or log in as the booth user, then restart GradBooth. Do not delete the data directory: queued photos need this key' };
  }
  return safe ? { source: 'safeStorage' } : { source: 'key-file', warning: NO_KEYRING_WARNING };
}

export function safeStorageKeyProvider(safeStorage: SafeStorageLike, opts: { dir: string; log: Logger }): KeyProvider {
  const wrappedPath = path.join(opts.dir, WRAPPED_KEY_FILE);
  const plainPath = path.join(opts.dir, PLAIN_KEY_FILE);
  const warnings: string[] = [];
  return {
    get kind() {
      return warnings.length > 0 ? 'key-file' : 'safeStorage';
    },
    warnings,
    async loadKey() {
      const choice = chooseKeySource({
        encryptionAvailable: safeStorage.isEncryptionAvailable(),
        backend: safeStorage.getSelectedStorageBackend?.(),
        wrappedKeyExists: await exists(wrappedPath),
        keyFileExists: await exists(plainPath),
      });
      if (choice.source === 'unavailable') throw new KeyUnavailableError(choice.error);
      if (choice.source === 'key-file') {
        warnings.push(choice.warning);
        opts.log.warn({ keyFile: plainPath }, choice.warning);
        return keyFileProvider({ path: plainPath, log: opts.log }).loadKey();
      }
      if (await exists(wrappedPath)) {
        const key = Buffer.from(safeStorage.decryptString(await readFile(wrappedPath)), 'base64');
        if (key.length !== KEY_BYTES) throw new KeyUnavailableError(`the wrapped booth key in ${wrappedPath} is damaged (${key.length} bytes); restore it from backup (docs/durability.md "Key loss")`);
        return key;
      }
      await mkdir(opts.dir, { recursive: true, mode: 0o700 });
      const key = randomBytes(KEY_BYTES);
      await writeFileDurably(wrappedPath, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
      opts.log.info('created a new booth key, wrapped by the OS keyring');
      return key;
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
