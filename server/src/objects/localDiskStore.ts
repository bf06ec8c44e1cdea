// Photo objects as files under one folder: written to a temporary name, fsync'd, renamed, and the
// folder fsync'd, so a 200 to the booth never points at a photo a power cut could lose.
import { mkdir, open, readFile, rename, stat, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { objectKey, type ObjectStore } from './objectStore.ts';

export class LocalDiskStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  private fileOf(sha256: string): string {
    return path.join(this.root, objectKey(sha256));
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const file = this.fileOf(sha256);
    if (await this.has(sha256)) return;
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.fileOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.fileOf(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
