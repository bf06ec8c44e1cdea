// Where the booth's 32-byte data key comes from: the one interface the store needs.
export interface KeyProvider {
  /** short name for logs and the staff screen, e.g. "key-file" or "safeStorage" */
  readonly kind: string;
  /** The booth key (32 bytes), created on first use. */
  loadKey(): Promise<Buffer>;
  /** Operator-facing warnings about how the key is protected (empty when all is well). */
  readonly warnings: readonly string[];
}

/** The key is missing or unreadable: what happened and what the operator should do. */
export class KeyUnavailableError extends Error {
  override readonly name = 'KeyUnavailableError';
}
