// Enrolling a booth: the operator types the one-time code, the booth makes an Ed25519 key pair,
// registers the public key (the request signed by that key) and keeps the id it gets back.
import { API_PREFIX, EnrollResponseSchema, type EnrollRequest } from '../../../shared/sync/protocol.ts';
import type { BoothStore } from '../store/boothStore.ts';
import { jsonBody, SignedClient, SyncHttpError } from './signedClient.ts';
import { newKeyPair, saveCredentials, type BoothCredentials } from './boothCredentials.ts';

export interface EnrollOptions {
  store: BoothStore;
  dataKey: Buffer;
  serviceUrl: string;
  enrollmentCode: string;
  label: string;
  clock?: () => number;
}

/** Operator-facing failure: Chinese first, then English. */
export class EnrollmentError extends Error {
  override readonly name = 'EnrollmentError';
}

export async function enrollBooth(opts: EnrollOptions): Promise<BoothCredentials> {
  const { publicKey, privateKey } = newKeyPair();
  const client = new SignedClient({ baseUrl: opts.serviceUrl, boothId: 'enroll', privateKey, ...(opts.clock ? { clock: opts.clock } : {}) });
  const request: EnrollRequest = { enrollmentCode: opts.enrollmentCode.trim(), publicKey, label: opts.label };
  let body: unknown;
  try {
    body = (await client.call('POST', `${API_PREFIX}/enroll`, 'enrollment', jsonBody(request))).body;
  } catch (error) {
    if (error instanceof SyncHttpError) {
      throw new EnrollmentError(`${error.body?.message_zh ?? '注册失败。'} / enrollment failed: ${error.message}`);
    }
    throw new EnrollmentError(`无法连接审核服务，请检查网络和服务地址后重试。 / cannot reach the review service at ${opts.serviceUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const enrolled = EnrollResponseSchema.parse(body);
  const credentials: BoothCredentials = { serviceUrl: client.baseUrl, boothId: enrolled.boothId, publicKey, privateKey, config: enrolled.config, codeShape: enrolled.codeShape };
  saveCredentials(opts.store, opts.dataKey, credentials);
  opts.store.audit.append({ at: opts.store.now(), actor: 'operator', action: 'sync.enrolled', subject: enrolled.boothId, detail: { serviceUrl: client.baseUrl } });
  return credentials;
}
