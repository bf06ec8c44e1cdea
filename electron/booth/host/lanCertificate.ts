// The booth's own TLS certificate for the staff screen on the LAN: a self-signed ECDSA P-256
// certificate made once with node:crypto (a minimal DER writer, no dependency) and kept in the
// data directory. A tablet trusts it by its SHA-256 fingerprint, which the staff screen shows as
// a pairing QR code; the fingerprint is what pins it, the names in it only what browsers check.
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';

export interface LanCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate's DER, colon-separated upper-case hex (as browsers show it) */
  fingerprint: string;
}

const YEARS_VALID = 10;

// ---- DER, just what a certificate needs ----
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const explicit = (n: number, inner: Buffer) => der(0xa0 + n, inner);
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const octets = (bytes: Buffer) => der(0x04, bytes);
const bitString = (bytes: Buffer) => der(0x03, Buffer.concat([Buffer.from([0]), bytes]));

function integer(bytes: Buffer): Buffer {
  // positive: a leading 0 when the top bit is set
  return der(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const v of rest) {
    const base128 = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) base128.unshift((x & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (the certificate profile's choice for dates before 2050) */
function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  return der(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  throw new Error(`only IPv4 LAN addresses are supported in the booth certificate, got ${ip}`);
}

/** A self-signed certificate for these host names / IPv4 addresses. */
export function createLanCertificate(commonName: string, hosts: readonly string[], now = new Date()): LanCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
  const altNames = seq(...hosts.map((h) => (isIP(h) ? der(0x87, ipBytes(h)) : der(0x82, Buffer.from(h, 'ascii')))));
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + YEARS_VALID);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now.getTime() - 86_400_000)), utcTime(notAfter)),
    name,
    publicKey.export({ format: 'der', type: 'spki' }),
    explicit(3, seq(
      seq(oid('2.5.29.17'), octets(altNames)),
      // basicConstraints critical, not a CA; keyUsage digitalSignature; extKeyUsage serverAuth
      seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), octets(seq())),
      seq(oid('2.5.29.15'), der(0x01, Buffer.from([0xff])), octets(der(0x03, Buffer.from([7, 0x80])))),
      seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))),
    )),
  );
  const certDer = seq(tbs, ecdsaWithSha256, bitString(sign('sha256', tbs, privateKey)));
  const cert = `-----BEGIN CERTIFICATE-----\n${certDer.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), cert, fingerprint: fingerprintOf(cert) };
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/**
 * The booth's LAN certificate from `dir`, made on first use. A new LAN address makes a new one
 * (the tablet pairs again): browsers check the address against the certificate's names.
 */
export async function loadLanCertificate(dir: string, commonName: string, hosts: readonly string[]): Promise<LanCertificate> {
  const keyFile = path.join(dir, 'lan-key.pem');
  const certFile = path.join(dir, 'lan-cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = await readFile(certFile, 'utf8');
    const names = new X509Certificate(cert).subjectAltName ?? '';
    if (hosts.every((h) => names.includes(isIP(h) ? `IP Address:${h}` : `DNS:${h}`))) {
      return { key: await readFile(keyFile, 'utf8'), cert, fingerprint: fingerprintOf(cert) };
    }
  }
  const made = createLanCertificate(commonName, hosts);
  await mkdir(dir, { recursive: true });
  await writeFile(keyFile, made.key, { mode: 0o600 });
  await writeFile(certFile, made.cert);
  return made;
}
