// WeChat Pay API v3 signatures: the merchant signs each request (RSA-SHA256 over method, path with
// query, timestamp, nonce, body) in the Authorization header; WeChat Pay signs each response and
// notification (timestamp, nonce, body) with the platform key named by Wechatpay-Serial.
import { createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

export const AUTHORIZATION_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** responses and notifications older (or newer) than this are refused, as the protocol advises */
export const MAX_SIGNATURE_AGE_S = 5 * 60;

export interface MerchantIdentity {
  mchid: string;
  /** serial number of the merchant API certificate, upper-case hex */
  serialNo: string;
  privateKey: KeyObject;
}

export function merchantNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** The v3 request signing message; every line, the body's included, ends with \n. */
export function requestMessage(method: string, pathWithQuery: string, timestamp: number, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function authorizationHeader(merchant: MerchantIdentity, method: string, pathWithQuery: string, body: string, timestamp: number, nonce: string): string {
  const signature = createSign('RSA-SHA256').update(requestMessage(method, pathWithQuery, timestamp, nonce, body)).sign(merchant.privateKey, 'base64');
  return `${AUTHORIZATION_SCHEMA} mchid="${merchant.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`;
}

export interface PlatformKey {
  key: KeyObject;
  /** ms since epoch when the platform certificate expires; null for a bare WeChat Pay public key */
  validTo: number | null;
}

export type SignatureCheck =
  | { ok: true; serial: string; timestamp: number; nonce: string }
  | { ok: false; reason: 'missing_headers' | 'unknown_serial' | 'stale_timestamp' | 'bad_signature' };

/** `headers` with lower-case names, as node:http gives them. */
function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Checks a WeChat Pay signature on a response or notification, over the raw body bytes exactly as
 * received (re-serialising the JSON would change them). `platformKeys` maps serial → key.
 */
export function verifyPlatformSignature(
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
  platformKeys: ReadonlyMap<string, PlatformKey>,
  now: number,
): SignatureCheck {
  const timestampText = headerValue(headers, 'wechatpay-timestamp');
  const nonce = headerValue(headers, 'wechatpay-nonce');
  const signature = headerValue(headers, 'wechatpay-signature');
  const serial = headerValue(headers, 'wechatpay-serial');
  if (!timestampText || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'missing_headers' };
  const platform = platformKeys.get(serial.toUpperCase());
  if (!platform || (platform.validTo !== null && platform.validTo < now)) return { ok: false, reason: 'unknown_serial' };
  const timestamp = Number(timestampText);
  if (Math.abs(now / 1000 - timestamp) > MAX_SIGNATURE_AGE_S) return { ok: false, reason: 'stale_timestamp' };
  const message = Buffer.concat([Buffer.from(`${timestampText}\n${nonce}\n`), rawBody, Buffer.from('\n')]);
  const valid = createVerify('RSA-SHA256').update(message).verify(platform.key, signature, 'base64');
  return valid ? { ok: true, serial: serial.toUpperCase(), timestamp, nonce } : { ok: false, reason: 'bad_signature' };
}
