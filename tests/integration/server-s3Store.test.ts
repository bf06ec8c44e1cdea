// The S3 photo store (the AWS SDK v3 client) against s3rver, an S3-compatible server on loopback:
// the store on its own, then the review service storing a booth's upload in it. s3rver checks the
// access key of a SigV4 request but not its signature; the signing is the SDK's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import S3rver from 's3rver';
import { S3ObjectStore } from '../../server/src/objects/s3ObjectStore.ts';
import { acceptTestSubmission, drainOutbox, issueCodes, makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin } from './server-harness.ts';
import { loadPhotoPairs } from './fixtures/boothPhotos.ts';

// s3rver's built-in account
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' };
const BUCKET = 'gradbooth-photos';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('S3 photo store', () => {
  let s3: S3rver;
  let s3Dir = '';
  let endpoint = '';

  beforeAll(async () => {
    s3Dir = await makeTempDir('s3rver');
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await s3?.close();
    await removeDir(s3Dir);
  });

  it('stores, finds and returns objects by hash on an S3-compatible server; a missing bucket or a wrong key is a clear error', async () => {
    const store = new S3ObjectStore({ endpoint, bucket: BUCKET, ...CREDENTIALS });
    const [photo] = await loadPhotoPairs();
    const jpeg = photo!.originalJpeg;
    const sha = sha256(jpeg);
    expect(await store.has(sha)).toBe(false);
    expect(await store.get(sha)).toBeNull();
    await store.put(sha, jpeg);
    await store.put(sha, jpeg);
    expect(await store.has(sha)).toBe(true);
    expect(Buffer.from((await store.get(sha))!).equals(jpeg)).toBe(true);

    const noBucket = new S3ObjectStore({ endpoint, bucket: 'no-such-bucket', ...CREDENTIALS });
    await expect(noBucket.put(sha, jpeg)).rejects.toThrow(/bucket no-such-bucket not found/);
    // a refused key is an error, never taken for a missing photo
    const wrongKey = new S3ObjectStore({ endpoint, bucket: BUCKET, ...CREDENTIALS, accessKeyId: 'NOT-A-KEY' });
    await expect(wrongKey.has(sha)).rejects.toThrow(/HTTP 403.*check S3_\* settings/);
    await expect(wrongKey.get(sha)).rejects.toThrow(/InvalidAccessKeyId/);
  });

  it('the review service keeps a booth\'s upload in the S3 store and serves it to a reviewer from there', async () => {
    const dataDir = await makeTempDir('review-s3');
    const env = { DATA_DIR: dataDir, OBJECT_STORE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD: 'admin password 1' });
    const service = new ServiceProcess(env);
    const booth = await openBooth();
    try {
      await service.start();
      const admin = await staffLogin(service.url, 'admin', 'admin password 1');
      const { code } = (await (await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 's3 booth', school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'free' }) })).json()) as { code: string };
      await booth.sync.enroll(service.url, code, 's3 booth');
      const [photo] = await loadPhotoPairs();
      const [student] = await issueCodes(undefined, dataDir, 1);
      const { submissionId } = await acceptTestSubmission(booth, photo!, student!);
      await drainOutbox(booth);
      expect(booth.store.submissionCounts().acknowledged).toBe(1);

      // both photos are objects in the bucket, none on the service's own disk
      const stored = new S3ObjectStore({ endpoint, bucket: BUCKET, ...CREDENTIALS });
      expect(await stored.has(sha256(photo!.standardizedJpeg))).toBe(true);
      expect(await stored.has(sha256(photo!.originalJpeg))).toBe(true);
      expect((await readdir(dataDir)).includes('objects')).toBe(false);
      const served = await admin(`/review/api/submissions/${submissionId}/standardized.jpg`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(photo!.standardizedJpeg)).toBe(true);
    } finally {
      await booth.close();
      await service.stop();
      await removeDir(dataDir);
    }
  });
});
