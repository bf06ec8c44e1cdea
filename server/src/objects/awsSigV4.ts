// AWS Signature Version 4 for S3-compatible object stores (AWS S3, MinIO, Ceph RGW, Garage …):
// a pure function from the request to its Authorization header, checked against AWS's published example.
import { createHash, createHmac } from 'node:crypto';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface SigV4Request {
  method: string;
  /** the URL as sent; its path must already be URI-encoded */
  url: URL;
  /** header names lower-case; host and x-amz-date and x-amz-content-sha256 must be present */
  headers: Record<string, string>;
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function authorizationHeader(request: SigV4Request, credentials: S3Credentials): string {
  const amzDate = request.headers['x-amz-date'];
  if (!amzDate || !request.headers['x-amz-content-sha256'] || !request.headers.host) throw new RangeError('host, x-amz-date and x-amz-content-sha256 headers are required for SigV4');
  const day = amzDate.slice(0, 8);
  const names = Object.keys(request.headers).map((n) => n.toLowerCase()).sort();
  const canonicalHeaders = names.map((n) => `${n}:${request.headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const query = [...request.url.searchParams.entries()].map(([k, v]) => `${encode(k)}=${encode(v)}`).sort().join('&');
  const canonicalRequest = [request.method, request.url.pathname, query, canonicalHeaders, signedHeaders, request.headers['x-amz-content-sha256']].join('\n');
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

/** 20130524T000000Z from a Date. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
