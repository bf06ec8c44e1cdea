// The student's receipt: a secret made at the booth (kept in the submission's sealed metadata, its
// sha256 sent with the upload) and the status page URL the receipt QR encodes.
import { createHash, randomBytes } from 'node:crypto';

export function newStatusSecret(): string {
  return randomBytes(16).toString('base64url');
}

export function statusSecretSha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function statusPageUrl(serviceUrl: string, submissionId: string, secret: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(submissionId)}?k=${encodeURIComponent(secret)}`;
}
