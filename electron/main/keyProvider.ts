// The Electron shell's booth key: safeStorage passed into the plain-Node provider (fallback logic lives there).
import type { Logger } from 'pino';
import type { KeyProvider } from '../booth/crypto/keyProvider.ts';
import { safeStorageKeyProvider, type SafeStorageLike } from '../booth/crypto/safeStorageKeyProvider.ts';

/** `safeStorage` is Electron's; `dir` is the app's userData key directory. Call after app 'ready'. */
export function boothKeyProvider(safeStorage: SafeStorageLike, opts: { dir: string; log: Logger }): KeyProvider {
  return safeStorageKeyProvider(safeStorage, opts);
}
