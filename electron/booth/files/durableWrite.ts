// Writes a file so that after the promise resolves it survives a crash and a power cut:
// temp name, write, fsync the file, rename over the final name, fsync the directory.
import { open, rename, unlink } from 'node:fs/promises';
import { randomBytes, createHash } from 'node:crypto';
import path from 'node:path';

/** Files still being written carry this marker; start-up repair deletes any left by a crash. */
export const TEMP_MARKER = '.tmp-';

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Writes `data` to `finalPath` durably. Without `syncDir: false` the directory entry is fsync'd
 * too; callers writing several files into one directory pass false and call `fsyncDir` once.
 */
export async function writeFileDurably(finalPath: string, data: Buffer, opts: { mode?: number; syncDir?: boolean } = {}): Promise<void> {
  const temp = `${finalPath}${TEMP_MARKER}${randomBytes(6).toString('hex')}`;
  const handle = await open(temp, 'wx', opts.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    // the data must be on the platter before the rename makes it visible under its real name
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await rename(temp, finalPath);
  if (opts.syncDir !== false) await fsyncDir(path.dirname(finalPath));
}

/** Makes renames, creations and deletions in `dir` durable (POSIX: the entry lives in the directory). */
export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the metadata of a rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
