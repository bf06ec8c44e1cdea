// The booth's HTTP client to the review service: signs every request (Ed25519 over method, path,
// body digest, timestamp, nonce), learns the service clock when refused for skew, and turns
// failures into errors the job queue can classify (status → retry or not).
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { canonicalRequest, SIGNATURE_HEADERS } from '../../../shared/sync/requestSigning.ts';
import { ErrorBodySchema, type ErrorBody } from '../../../shared/sync/protocol.ts';

/** The service answered with an error status; `status` drives the queue's retry decision. */
export class SyncHttpError extends Error {
  override readonly name = 'SyncHttpError';
  readonly status: number;
  readonly body: ErrorBody | null;

  constructor(status: number, body: ErrorBody | null, what: string) {
    super(`${what}: HTTP ${status}${body ? ` ${body.error}: ${body.message}` : ''}`);
    this.status = status;
    this.body = body;
  }
}

/** The service could not be reached or the connection broke: always worth retrying. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';

  constructor(baseUrl: string, error: unknown) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    super(`cannot reach the review service at ${baseUrl}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`);
  }
}

export interface SignedClientOptions {
  baseUrl: string;
  /** the booth id, or 'enroll' while registering */
  boothId: string;
  privateKey: KeyObject;
  /** the booth's own clock (tests inject a wrong one) */
  clock?: () => number;
  timeoutMs?: number;
}

export interface SyncResponse {
  status: number;
  body: unknown;
}

export class SignedClient {
  readonly baseUrl: string;
  boothId: string;
  /** service clock minus booth clock, learnt from a skew refusal; shown on the staff screen */
  clockOffsetMs = 0;
  private readonly privateKey: KeyObject;
  private readonly clock: () => number;
  private readonly timeoutMs: number;

  constructor(opts: SignedClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.boothId = opts.boothId;
    this.privateKey = opts.privateKey;
    this.clock = opts.clock ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  /** The signature headers for one request; exported for tests that replay or tamper. */
  signHeaders(method: string, pathWithQuery: string, body: Uint8Array, knownBodySha256?: string): Record<string, string> {
    const bodySha256 = knownBodySha256 ?? createHash('sha256').update(body).digest('hex');
    const timestamp = Math.round(this.clock() + this.clockOffsetMs);
    const nonce = randomBytes(18).toString('base64url');
    const canonical = canonicalRequest({ method, path: pathWithQuery, bodySha256, timestamp, nonce, boothId: this.boothId });
    return {
      [SIGNATURE_HEADERS.booth]: this.boothId,
      [SIGNATURE_HEADERS.timestamp]: String(timestamp),
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.contentSha256]: bodySha256,
      [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(canonical), this.privateKey).toString('base64'),
    };
  }

  /**
   * Sends a signed request. Answers 2xx/4xx/5xx come back as a SyncResponse (callers decide what a
   * status means); network failures throw. A skew refusal is retried once with the learnt offset.
   */
  async send(method: string, pathWithQuery: string, body?: { bytes: Uint8Array; contentType: string }): Promise<SyncResponse> {
    for (let attempt = 0; ; attempt += 1) {
      const bytes = body?.bytes ?? new Uint8Array(0);
      let response: Response;
      let text: string;
      try {
        response = await fetch(this.baseUrl + pathWithQuery, {
          method,
          headers: { ...this.signHeaders(method, pathWithQuery, bytes), ...(body ? { 'content-type': body.contentType } : {}) },
          ...(body ? { body: bytes as Uint8Array<ArrayBuffer> } : {}),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw new NetworkError(this.baseUrl, error);
      }
      const parsed = parseJsonOrText(text);
      const error = ErrorBodySchema.safeParse(parsed);
      if (response.status === 401 && error.success && error.data.error === 'clock_skew' && error.data.serverTime !== undefined && attempt === 0) {
        this.clockOffsetMs = error.data.serverTime - this.clock();
        continue;
      }
      return { status: response.status, body: parsed };
    }
  }

  /** send(), then a 2xx body or a SyncHttpError. */
  async call(method: string, pathWithQuery: string, what: string, body?: { bytes: Uint8Array; contentType: string }): Promise<SyncResponse> {
    const response = await this.send(method, pathWithQuery, body);
    if (response.status >= 200 && response.status < 300) return response;
    const error = ErrorBodySchema.safeParse(response.body);
    throw new SyncHttpError(response.status, error.success ? error.data : null, what);
  }
}

export function jsonBody(value: unknown): { bytes: Uint8Array; contentType: string } {
  return { bytes: Buffer.from(JSON.stringify(value)), contentType: 'application/json' };
}

function parseJsonOrText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
