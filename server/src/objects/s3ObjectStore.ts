// Photo objects in an S3-compatible bucket (path-style URLs, SigV4), for several service nodes
// without a shared disk. S3 answers a PUT only once the object is durable.
import { objectKey, type ObjectStore } from './objectStore.ts';
import { amzDate, authorizationHeader, sha256Hex, type S3Credentials } from './awsSigV4.ts';

export interface S3Options extends S3Credentials {
  /** e.g. https://s3.eu-central-1.amazonaws.com or http://minio.internal:9000 */
  endpoint: string;
  bucket: string;
  /** key prefix inside the bucket */
  prefix?: string;
}

export class S3ObjectStore implements ObjectStore {
  private readonly options: S3Options;

  constructor(options: S3Options) {
    this.options = options;
  }

  private async send(method: 'PUT' | 'GET' | 'HEAD', sha256: string, body?: Uint8Array): Promise<Response> {
    const key = `${this.options.prefix ?? 'objects/'}${objectKey(sha256)}`;
    const url = new URL(`${this.options.endpoint.replace(/\/+$/, '')}/${this.options.bucket}/${key}`);
    const payloadHash = body ? sha256Hex(body) : sha256Hex('');
    const headers: Record<string, string> = { host: url.host, 'x-amz-date': amzDate(new Date()), 'x-amz-content-sha256': payloadHash };
    if (body) headers['content-type'] = 'image/jpeg';
    const authorization = authorizationHeader({ method, url, headers }, this.options);
    const response = await fetch(url, { method, headers: { ...headers, authorization }, ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
    if (!response.ok && response.status !== 404) {
      throw new Error(`object store ${method} ${key} failed: HTTP ${response.status} ${(await response.text()).slice(0, 200)}; check S3_* settings and bucket permissions`);
    }
    return response;
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (await this.has(sha256)) return;
    const response = await this.send('PUT', sha256, bytes);
    if (response.status === 404) throw new Error(`object store bucket ${this.options.bucket} not found: create it or fix S3_BUCKET`);
    await response.arrayBuffer();
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const response = await this.send('GET', sha256);
    if (response.status === 404) return null;
    return new Uint8Array(await response.arrayBuffer());
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.send('HEAD', sha256);
    await response.arrayBuffer();
    return response.status !== 404;
  }
}
