// The review service's local disk photo store keeps objects by hash and survives a repeated put
// (the S3 store runs against s3rver in tests/integration/server-s3Store.test.ts).
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LocalDiskStore } from '../../server/src/objects/localDiskStore.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';

describe('photo object store on disk', () => {
  it('the disk store returns exactly the bytes stored under their sha256, once, with no temp files left', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gradbooth-objects-'));
    try {
      const store = new LocalDiskStore(dir);
      const jpeg = await readFile(path.join(EVAL_DATA, 'portraits-hivision', 'test0.jpg'));
      const sha = createHash('sha256').update(jpeg).digest('hex');
      expect(await store.has(sha)).toBe(false);
      expect(await store.get(sha)).toBeNull();
      await Promise.all([store.put(sha, jpeg), store.put(sha, jpeg)]);
      await store.put(sha, jpeg);
      expect(Buffer.from((await store.get(sha))!).equals(jpeg)).toBe(true);
      const files = await readdir(path.join(dir, sha.slice(0, 2), sha.slice(2, 4)));
      expect(files).toEqual([sha]);
      await expect(store.put('../../etc/passwd', jpeg)).rejects.toThrow(/sha256/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
