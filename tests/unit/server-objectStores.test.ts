// The review service's photo stores: the local disk store keeps objects by hash and survives a
// repeated put; the S3 store's request signing matches AWS's published SigV4 example.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LocalDiskStore } from '../../server/src/objects/localDiskStore.ts';
import { authorizationHeader } from '../../server/src/objects/awsSigV4.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';

describe('photo object stores', () => {
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

  it('signs S3 requests exactly as AWS\'s published SigV4 "GET object" example', () => {
    // docs.aws.amazon.com "Signature Calculations for the Authorization Header" example, GET /test.txt
    const header = authorizationHeader({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date': '20130524T000000Z',
      },
    }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' });
    expect(header).toBe('AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });
});
