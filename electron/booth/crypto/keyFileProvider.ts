// The 0600 key-file key provider: the web host's key, and the app's fallback where the OS has no keyring.
import { readFile, stat, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { KEY_BYTES } from './aead.ts';
import { KeyUnavailableError, type KeyProvider } from './keyProvider.ts';
import { writeFileDurably } from '../files/durableWrite.ts';

export interface KeyFileProviderOptions {
  path: string;
  log: Logger;
  /** Extra operator warnings from the caller (e.g. "no OS keyring, using a key file"). */
  warnings?: readonly string[];
}

export function keyFileProvider(opts: KeyFileProviderOptions): KeyProvider {
  const warnings = [...(opts.warnings ?? [])];
  return {
    kind: 'key-file',
    warnings,
    async loadKey() {
      const existing = await readKeyFile(opts.path);
      if (existing) {
        const loose = await permissionProblem(opts.path);
        if (loose) {
          warnings.push(loose);
          opts.log.warn({ keyFile: opts.path }, loose);
        }
        return existing;
      }
      await mkdir(path.dirname(opts.path), { recursive: true, mode: 0o700 });
      const key = randomBytes(KEY_BYTES);
      await writeFileDurably(opts.path, key, { mode: 0o600 });
      opts.log.info({ keyFile: opts.path }, 'created a new booth key file (0600)');
      return key;
    },
  };
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new KeyUnavailableError(`cannot read the booth key file ${file} (${(err as Error).message}); check its owner and permissions, do not delete it: queued photos can only be read with this key`);
  }
  if (data.length !== KEY_BYTES) {
    throw new KeyUnavailableError(`the booth key file ${file} holds ${data.length} bytes, expected ${KEY_BYTES}: it is damaged; restore it from backup (see docs/durability.md "Key loss")`);
  }
  return data;
}

async function permissionProblem(file: string): Promise<string | null> {
  if (process.platform === 'win32') return null;
  const mode = (await stat(file)).mode & 0o777;
  return mode & 0o077 ? `booth key file ${file} has mode ${mode.toString(8)}: other users can read it; run chmod 600 on it` : null;
}
