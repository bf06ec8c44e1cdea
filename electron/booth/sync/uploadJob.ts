// The outbox's upload job (kind 'submission.upload'): reads a queued submission from the store,
// PUTs it to the review service and marks it acknowledged once the service holds exactly these
// bytes. Idempotent: a retry after a lost answer gets 200 with the stored record.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from 'pino';
import {
  API_PREFIX, DegreeCategorySchema, GuideNoteSchema, LandmarksSchema, OperatorOverrideSchema, SessionFactsSchema, SubmissionRecordSchema, UPLOAD_PARTS,
  type BoothConfig, type Landmarks, type SubmissionMetadata,
} from '../../../shared/sync/protocol.ts';
import type { BoothStore, SubmissionForUpload } from '../store/boothStore.ts';
import { PermanentJobError } from '../jobs/retryable.ts';
import type { SignedClient } from './signedClient.ts';
import { SyncHttpError } from './signedClient.ts';
import { statusSecretSha256 } from './statusReceipt.ts';

export const UPLOAD_JOB = 'submission.upload';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const NO_LANDMARKS: Landmarks = { points: [], headTopY: null, eyeLineY: null, faceLeftX: null, faceRightX: null, rollDeg: null };

/** The protocol metadata of a stored submission; deterministic, so every retry sends the same bytes. */
export function uploadMetadata(s: SubmissionForUpload, config: BoothConfig, log: Logger): SubmissionMetadata {
  const degree = DegreeCategorySchema.safeParse(s.personal.category);
  if (!degree.success) throw new PermanentJobError(`submission ${s.submissionId}: category "${s.personal.category}" is not a 学历类别 the service knows (${DegreeCategorySchema.options.join(', ')})`);
  const landmarks = LandmarksSchema.safeParse(s.metadata.landmarks);
  const overrides = z.array(OperatorOverrideSchema).safeParse(s.metadata.overrides ?? []);
  const guideNote = GuideNoteSchema.nullable().safeParse(s.metadata.guideNote ?? null);
  const session = SessionFactsSchema.safeParse(s.metadata.session);
  const secret = typeof s.metadata.statusSecret === 'string' ? s.metadata.statusSecret : null;
  if (!secret) log.warn({ submissionId: s.submissionId }, 'submission has no status secret: its receipt QR cannot open the status page');
  return {
    submissionId: s.submissionId,
    collectionCode: s.personal.code,
    last4: s.personal.last4,
    degreeCategory: degree.data,
    checks: s.checks,
    overrides: overrides.success ? overrides.data : [],
    guideNote: guideNote.success ? guideNote.data : null,
    landmarks: landmarks.success ? landmarks.data : NO_LANDMARKS,
    // facts the booth flow did not record are reconstructed from the row, never invented beyond it
    session: session.success ? session.data : {
      startedAt: s.createdAt, capturedAt: s.createdAt, acceptedAt: s.createdAt, retakes: 0,
      paymentMode: config.paymentMode, deferredVerification: s.verification === 'deferred',
    },
    standardizedSha256: s.standardized.sha256,
    originalSha256: s.original.sha256,
    statusSecretSha256: statusSecretSha256(secret ?? randomBytes(16).toString('hex')),
  };
}

export interface UploadBody {
  bytes: Uint8Array;
  contentType: string;
  metadataSha256: string;
}

/**
 * The upload as the exact bytes sent (the signature covers them), encoded by the runtime's own
 * FormData: the boundary is random, so a retry sends other body bytes but the same parts and hashes.
 */
export async function uploadBody(metadata: SubmissionMetadata, standardized: Uint8Array, original: Uint8Array): Promise<UploadBody> {
  const metadataBytes = Buffer.from(JSON.stringify(metadata));
  const metadataSha256 = sha256(metadataBytes);
  const jpeg = (bytes: Uint8Array): Blob => new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
  const form = new FormData();
  form.append(UPLOAD_PARTS.metadata, new Blob([metadataBytes], { type: 'application/json' }), 'metadata.json');
  form.append(UPLOAD_PARTS.metadataSha256, metadataSha256);
  form.append(UPLOAD_PARTS.standardized, jpeg(standardized), `${metadata.submissionId}.jpg`);
  form.append(UPLOAD_PARTS.original, jpeg(original), `${metadata.submissionId}-original.jpg`);
  const encoded = new Response(form);
  return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')!, metadataSha256 };
}

export interface UploadDeps {
  store: BoothStore;
  client: () => SignedClient;
  config: () => BoothConfig;
  log: Logger;
  /** told after every upload attempt, for the staff screen */
  onResult: (result: { ok: boolean; error?: string }) => void;
}

export function uploadJobHandler(deps: UploadDeps) {
  return async (payload: unknown): Promise<void> => {
    const { submissionId } = payload as { submissionId: string };
    const submission = await deps.store.readSubmissionForUpload(submissionId);
    // acknowledged already (a crash between the ack and the job's deletion): nothing left to do
    if (submission.state !== 'queued') return;
    const metadata = uploadMetadata(submission, deps.config(), deps.log);
    const body = await uploadBody(metadata, submission.standardized.jpeg, submission.original.jpeg);
    let response;
    try {
      response = await deps.client().call('PUT', `${API_PREFIX}/submissions/${submissionId}`, `upload ${submissionId}`, body);
    } catch (error) {
      deps.onResult({ ok: false, error: error instanceof Error ? error.message : String(error) });
      if (error instanceof SyncHttpError && error.status === 409) {
        // the service refuses this photo for good (code already has a live submission, or the id clash): the operator decides
        deps.store.audit.append({ at: deps.store.now(), actor: 'system', action: 'submission.refused', subject: submissionId, detail: { error: error.body?.error ?? 'conflict' } });
        throw new PermanentJobError(`${error.body?.message_zh ?? ''} ${error.message}`.trim());
      }
      throw error;
    }
    const record = SubmissionRecordSchema.parse(response.body);
    if (record.metadataSha256 !== body.metadataSha256 || record.standardizedSha256 !== metadata.standardizedSha256 || record.originalSha256 !== metadata.originalSha256) {
      throw new PermanentJobError(`the service acknowledged ${submissionId} with other hashes than sent: not marking it acknowledged`);
    }
    deps.store.markAcknowledged(submissionId, deps.store.now());
    deps.onResult({ ok: true });
    deps.log.info({ submissionId, status: response.status }, 'submission uploaded');
  };
}
