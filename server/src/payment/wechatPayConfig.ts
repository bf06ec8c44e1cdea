// WeChat Pay merchant configuration: identifiers in the service config, secrets in files outside the
// repository whose paths the config names (merchant private key, APIv3 key, platform certificates or
// the WeChat Pay public key). Read once at start-up; a missing or malformed file stops the service.
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { MerchantIdentity, PlatformKey } from './wechatPaySignature.ts';

export const WechatPayConfigSchema = z.object({
  baseUrl: z.string().url().default('https://api.mch.weixin.qq.com'),
  mchid: z.string().regex(/^\d{6,32}$/),
  appid: z.string().min(1),
  /** our notification endpoint, reachable from the internet over HTTPS */
  notifyUrl: z.string().url(),
  merchantSerialNo: z.string().regex(/^[0-9A-Fa-f]{8,64}$/),
  merchantPrivateKeyFile: z.string().min(1),
  apiV3KeyFile: z.string().min(1),
  /**
   * Platform certificates (serial read from the certificate) or WeChat Pay public keys (serial given,
   * PUB_KEY_ID_…). Several at once while WeChat Pay rotates keys.
   */
  platformKeys: z.array(z.object({ file: z.string().min(1), serial: z.string().min(1).optional() })).min(1),
  /** what the student's phone shows as the purchase */
  description: z.string().min(1).max(127).default('学历图像采集'),
});
export type WechatPayConfig = z.infer<typeof WechatPayConfigSchema>;

export interface WechatPayCredentials {
  baseUrl: string;
  appid: string;
  notifyUrl: string;
  description: string;
  merchant: MerchantIdentity;
  apiV3Key: Buffer;
  /** serial (upper case) → key */
  platformKeys: Map<string, PlatformKey>;
}

function readPlatformKey(entry: { file: string; serial?: string }): [string, PlatformKey] {
  const pem = readFileSync(entry.file, 'utf8');
  if (pem.includes('BEGIN CERTIFICATE')) {
    const certificate = new X509Certificate(pem);
    const serial = certificate.serialNumber.toUpperCase();
    if (entry.serial && entry.serial.toUpperCase() !== serial) {
      throw new Error(`${entry.file}: certificate serial ${serial} is not the configured ${entry.serial}`);
    }
    return [serial, { key: certificate.publicKey, validTo: Date.parse(certificate.validTo) }];
  }
  if (!entry.serial) throw new Error(`${entry.file}: a WeChat Pay public key needs its serial (PUB_KEY_ID_…) in the config`);
  return [entry.serial.toUpperCase(), { key: createPublicKey(pem), validTo: null }];
}

export function loadWechatPayCredentials(config: WechatPayConfig): WechatPayCredentials {
  const apiV3Key = Buffer.from(readFileSync(config.apiV3KeyFile, 'utf8').trim(), 'utf8');
  if (apiV3Key.length !== 32) throw new Error(`${config.apiV3KeyFile}: the APIv3 key must be 32 characters, found ${apiV3Key.length}`);
  const privateKey = createPrivateKey(readFileSync(config.merchantPrivateKeyFile, 'utf8'));
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`${config.merchantPrivateKeyFile}: the merchant API key must be RSA`);
  return {
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    appid: config.appid,
    notifyUrl: config.notifyUrl,
    description: config.description,
    merchant: { mchid: config.mchid, serialNo: config.merchantSerialNo.toUpperCase(), privateKey },
    apiV3Key,
    platformKeys: new Map(config.platformKeys.map(readPlatformKey)),
  };
}
