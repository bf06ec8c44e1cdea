// The canonical form of a signed booth request (ARCHITECTURE §6): both sides build the same bytes
// from method, path, body digest, timestamp and nonce; the booth signs them with its Ed25519 key and
// the service verifies. Pure: hashing and signing are the caller's (node:crypto on both sides).

export const SIGNATURE_VERSION = 'GB1';
/** A request whose timestamp is further than this from the service clock is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const SIGNATURE_HEADERS = {
  booth: 'x-gb-booth',
  timestamp: 'x-gb-timestamp',
  nonce: 'x-gb-nonce',
  contentSha256: 'x-gb-content-sha256',
  signature: 'x-gb-signature',
} as const;

export interface SignedRequestParts {
  method: string;
  /** path plus query string exactly as sent, e.g. /api/v1/booths/X/events?after=3 */
  path: string;
  /** lowercase hex sha256 of the body bytes (of the empty string when there is no body) */
  bodySha256: string;
  /** ms since epoch, booth clock (corrected by the booth's learnt offset) */
  timestamp: number;
  /** at least 16 random bytes, hex or base64url; never reused by one booth */
  nonce: string;
  /** the booth id, or 'enroll' for the enrollment request signed by the key being registered */
  boothId: string;
}

/** The exact string that is signed: one field a line, the method upper-case. */
export function canonicalRequest(parts: SignedRequestParts): string {
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string' && value.includes('\n')) throw new RangeError(`signed request field ${name} may not contain a newline`);
  }
  if (!Number.isSafeInteger(parts.timestamp)) throw new RangeError(`timestamp must be integer ms since epoch, got ${parts.timestamp}`);
  return [SIGNATURE_VERSION, parts.method.toUpperCase(), parts.path, parts.bodySha256, String(parts.timestamp), parts.nonce, parts.boothId].join('\n');
}

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
