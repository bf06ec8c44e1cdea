// Photo objects in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage …) through the AWS SDK
// v3 client, for several service nodes without a shared disk. S3 answers a PUT only once the object
// is durable.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { objectKey, type ObjectStore } from './objectStore.ts';

export interface S3Options {
  /** e.g. https://s3.eu-central-1.amazonaws.com or http://minio.internal:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** key prefix inside the bucket */
  prefix?: string;
}

const status = (error: unknown): number | undefined => error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3Options) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? 'objects/';
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // bucket in the path, not the host name: what S3-compatible servers on one address expect
      forcePathStyle: true,
      // the SDK's default CRC32 trailers are not understood by every S3-compatible server
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(sha256: string): string {
    return `${this.prefix}${objectKey(sha256)}`;
  }

  private failure(action: string, sha256: string, error: unknown): Error {
    // a HEAD answer has no body, so its status is often all there is to say
    const code = status(error);
    const message = `${code ? `HTTP ${code} ` : ''}${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    return new Error(`object store ${action} ${this.key(sha256)} failed (${message}); check S3_* settings and bucket permissions`, { cause: error });
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (await this.has(sha256)) return;
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(sha256), Body: bytes, ContentType: 'image/jpeg' }));
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchBucket') {
        throw new Error(`object store bucket ${this.bucket} not found: create it or fix S3_BUCKET`, { cause: error });
      }
      throw this.failure('PUT', sha256, error);
    }
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return object.Body ? await object.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      if (status(error) === 404) return null;
      throw this.failure('GET', sha256, error);
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      throw this.failure('HEAD', sha256, error);
    }
  }
}
