// Where photo objects live: one interface, content-addressed by sha256 so a repeated upload writes
// nothing new. The local disk store is the default; an S3-compatible store plugs in behind it.

export interface ObjectStore {
  /** Stores bytes under their sha256; resolves only once the object is durable. Idempotent. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(sha256: string): Promise<Uint8Array | null>;
  has(sha256: string): Promise<boolean>;
}

export function objectKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError(`object key must be a lowercase hex sha256, got ${JSON.stringify(sha256)}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
