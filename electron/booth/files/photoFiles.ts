// The one owner of photo files on disk: where they live, writing them durably, checking and removing them.
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileDurably, fsyncDir, sha256Hex } from './durableWrite.ts';

export type PhotoKind = 'original' | 'standardized';
export const PHOTO_KINDS: readonly PhotoKind[] = ['standardized', 'original'];

/** Accepted submissions' photos. */
const PHOTOS_DIR = 'photos';
/** Photos of a session still being reviewed; deleted when the session ends. */
const CAPTURES_DIR = 'captures';

/** Ids become file names: only the characters ULIDs and our session ids use, so no path can escape. */
const SAFE_ID = /^[0-9A-Za-z_-]{1,64}$/;

export interface WrittenFile {
  /** path relative to the data dir, as stored in the database */
  rel: string;
  diskSha256: string;
  diskSize: number;
}

export type FileProblem = 'file_missing' | 'hash_mismatch';

export class PhotoFiles {
  readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  static async open(root: string): Promise<PhotoFiles> {
    await mkdir(root, { recursive: true, mode: 0o700 });
    for (const d of [PHOTOS_DIR, CAPTURES_DIR]) await mkdir(path.join(root, d), { mode: 0o700 }).catch(ignoreExists);
    await fsyncDir(root);
    return new PhotoFiles(root);
  }

  photoRel(submissionId: string, kind: PhotoKind): string {
    return `${PHOTOS_DIR}/${safeId(submissionId)}.${kind}.enc`;
  }

  captureRel(sessionId: string, kind: PhotoKind): string {
    return `${CAPTURES_DIR}/${safeId(sessionId)}.${kind}.enc`;
  }

  /**
   * Writes every file durably (temp, fsync, rename) and then fsyncs each directory once, so when
   * this resolves all of them survive a power cut.
   */
  async writeAll(files: readonly { rel: string; data: Buffer }[]): Promise<WrittenFile[]> {
    await Promise.all(files.map((f) => writeFileDurably(this.abs(f.rel), f.data, { syncDir: false })));
    for (const dir of new Set(files.map((f) => path.dirname(this.abs(f.rel))))) await fsyncDir(dir);
    return files.map((f) => ({ rel: f.rel, diskSha256: sha256Hex(f.data), diskSize: f.data.length }));
  }

  async read(rel: string): Promise<Buffer> {
    return readFile(this.abs(rel));
  }

  /** Null when the file is there with the recorded hash. */
  async problem(rel: string, diskSha256: string): Promise<FileProblem | null> {
    const r = await this.readVerified(rel, diskSha256);
    return 'problem' in r ? r.problem : null;
  }

  /** The file's bytes if it is there with the recorded hash, else what is wrong with it (one read). */
  async readVerified(rel: string, diskSha256: string): Promise<{ data: Buffer } | { problem: FileProblem }> {
    let data: Buffer;
    try {
      data = await this.read(rel);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'file_missing' };
      throw err;
    }
    return sha256Hex(data) === diskSha256 ? { data } : { problem: 'hash_mismatch' };
  }

  /** Removes files (already-missing ones are fine) and makes the removals durable. */
  async remove(rels: readonly string[]): Promise<void> {
    if (rels.length === 0) return;
    await Promise.all(rels.map((rel) => unlink(this.abs(rel)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    })));
    for (const dir of new Set(rels.map((rel) => path.dirname(this.abs(rel))))) await fsyncDir(dir);
  }

  /** Every file in the photo and capture directories, temp files included, as relative paths. */
  async listAll(): Promise<string[]> {
    const out: string[] = [];
    for (const d of [PHOTOS_DIR, CAPTURES_DIR]) {
      for (const name of await readdir(path.join(this.root, d))) out.push(`${d}/${name}`);
    }
    return out;
  }

  private abs(rel: string): string {
    return path.join(this.root, rel);
  }
}

function safeId(id: string): string {
  if (!SAFE_ID.test(id)) throw new RangeError(`id ${JSON.stringify(id.slice(0, 80))} cannot name a photo file: use [0-9A-Za-z_-], 1–64 characters`);
  return id;
}

function ignoreExists(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EEXIST') throw err;
}
