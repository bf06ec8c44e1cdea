// Receives one upload (PUT /api/v1/submissions/{id}) with the exact semantics: first upload
// 201, same id + same three hashes 200 with the stored record, same id + other content 409, a hash
// that does not match its bytes 400, one live submission per collection code (else 409).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isUniqueViolation, violatedConstraint } from '../db/database.ts';
import { HttpError } from '../http/httpError.ts';
import { MultipartError, multipartParts } from '../http/multipartParts.ts';
import {
  STANDARDIZED_MAX_BYTES, SubmissionMetadataSchema, UPLOAD_PARTS,
  type SubmissionMetadata, type SubmissionRecord, type SubmissionState,
} from '../../../shared/sync/protocol.ts';
import type { ServiceContext } from '../serviceContext.ts';
import type { VerifiedBooth } from '../auth/boothSignature.ts';
import { appendBoothEvent, audit } from './submissionLedger.ts';
import { checkLastFour } from '../codes/lastFourCheck.ts';
import { isJpegFile } from './jpegStructure.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function codeKey(code: string): string {
  return sha256(Buffer.from(`collection-code\n${code}`));
}

interface ParsedUpload {
  metadata: SubmissionMetadata;
  metadataSha256: string;
  standardized: Buffer;
  original: Buffer;
}

export async function parseUpload(submissionId: string, body: Buffer | undefined, contentType: string | undefined): Promise<ParsedUpload> {
  if (!body) throw new HttpError(400, 'bad_multipart', 'an upload is a multipart/form-data body');
  let parts;
  try {
    parts = await multipartParts(body, contentType);
  } catch (error) {
    if (error instanceof MultipartError) throw new HttpError(400, 'bad_multipart', error.message);
    throw error;
  }
  const part = (name: string): Buffer => {
    const found = parts.get(name);
    if (!found) throw new HttpError(400, 'missing_part', `the upload has no "${name}" part`);
    return found;
  };
  const metadataBytes = part(UPLOAD_PARTS.metadata);
  const claimedMetadataSha = part(UPLOAD_PARTS.metadataSha256).toString('utf8').trim();
  const standardized = part(UPLOAD_PARTS.standardized);
  const original = part(UPLOAD_PARTS.original);
  const metadataSha256 = sha256(metadataBytes);
  if (metadataSha256 !== claimedMetadataSha) throw new HttpError(400, 'hash_mismatch', 'metadata does not match its sha256');
  let metadata: SubmissionMetadata;
  try {
    metadata = SubmissionMetadataSchema.parse(JSON.parse(metadataBytes.toString('utf8')));
  } catch (error) {
    throw new HttpError(400, 'invalid_metadata', `metadata is not valid: ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`);
  }
  if (metadata.submissionId !== submissionId) throw new HttpError(400, 'id_mismatch', 'metadata.submissionId differs from the id in the path');
  if (sha256(standardized) !== metadata.standardizedSha256) throw new HttpError(400, 'hash_mismatch', 'standardized photo does not match its sha256');
  if (sha256(original) !== metadata.originalSha256) throw new HttpError(400, 'hash_mismatch', 'original photo does not match its sha256');
  if (standardized.length > STANDARDIZED_MAX_BYTES) throw new HttpError(413, 'too_large', `standardized photo is ${standardized.length} bytes; the limit is ${STANDARDIZED_MAX_BYTES}`);
  if (!isJpegFile(standardized) || !isJpegFile(original)) throw new HttpError(400, 'not_jpeg', 'both photos must be whole JPEG files (SOI, a frame, its scans, EOI at the end)');
  return { metadata, metadataSha256, standardized, original };
}

type StoredRow = Pick<Database['submissions'], 'id' | 'booth_id' | 'state' | 'metadata_sha256' | 'standardized_sha256' | 'original_sha256' | 'received_at'>;

export function toRecord(row: StoredRow): SubmissionRecord {
  return {
    submissionId: row.id,
    boothId: row.booth_id,
    state: row.state as SubmissionState,
    metadataSha256: row.metadata_sha256,
    standardizedSha256: row.standardized_sha256,
    originalSha256: row.original_sha256,
    receivedAt: row.received_at,
  };
}

async function existing(ctx: ServiceContext, id: string, booth: VerifiedBooth, upload: ParsedUpload): Promise<{ status: 200; record: SubmissionRecord } | null> {
  const row = await ctx.db.selectFrom('submissions')
    .select(['id', 'booth_id', 'state', 'metadata_sha256', 'standardized_sha256', 'original_sha256', 'received_at'])
    .where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const same = row.booth_id === booth.id && row.metadata_sha256 === upload.metadataSha256
    && row.standardized_sha256 === upload.metadata.standardizedSha256 && row.original_sha256 === upload.metadata.originalSha256;
  if (!same) throw new HttpError(409, 'id_conflict', `submission ${id} already exists with other content; a changed photo needs a new submission id`);
  return { status: 200, record: toRecord(row) };
}

export async function receiveUpload(ctx: ServiceContext, booth: VerifiedBooth, id: string, upload: ParsedUpload): Promise<{ status: 200 | 201; record: SubmissionRecord }> {
  const repeat = await existing(ctx, id, booth, upload);
  if (repeat) return repeat;

  const { metadata } = upload;
  // Deferred (offline) verification is settled here, under the same guess limit as /codes/resolve
  // (a locked code answers 429 and the booth retries later); a failure comes back as a decision.
  const now = Date.now();
  const resolved = await checkLastFour(ctx, booth.id, { text: metadata.collectionCode, key: codeKey(metadata.collectionCode) }, metadata.last4, now);
  const verified = resolved.kind === 'ok';
  const state: SubmissionState = verified ? 'pending' : 'rejected';

  // photos first: a row never points at an object that is not on disk
  await Promise.all([ctx.objects.put(metadata.standardizedSha256, upload.standardized), ctx.objects.put(metadata.originalSha256, upload.original)]);

  // the stored copy drops last-4: the service keeps no part of the ID number
  const { last4: _last4, ...stored } = metadata;
  const row = {
    id,
    booth_id: booth.id,
    code_sha256: codeKey(metadata.collectionCode),
    state,
    degree_category: verified ? resolved.student.degreeCategory : metadata.degreeCategory,
    school: verified ? resolved.student.school : booth.school,
    metadata: JSON.stringify(stored),
    metadata_sha256: upload.metadataSha256,
    standardized_sha256: metadata.standardizedSha256,
    original_sha256: metadata.originalSha256,
    status_secret_sha256: metadata.statusSecretSha256,
    received_at: now,
    updated_at: now,
    decided_at: verified ? null : now,
    decided_by: verified ? null : 'resolver',
    reasons: JSON.stringify(verified ? [] : ['identity.unverified']),
    note: verified ? '' : resolved.kind === 'unknown_code' ? 'collection code not recognised' : 'last 4 ID characters do not match',
    batch_id: null,
  };
  try {
    await ctx.db.transaction().execute(async (trx: Transaction<Database>) => {
      await trx.insertInto('submissions').values(row).execute();
      if (!verified) {
        await appendBoothEvent(trx, booth.id, { kind: 'submission.state', submissionId: id, state: 'rejected', reasons: ['identity.unverified'], note: row.note, config: null }, now);
      }
      await audit(trx, `booth:${booth.id}`, 'submission.received', id, { state, metadataSha256: upload.metadataSha256 }, now);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (violatedConstraint(error).includes('one_live_per_code') || violatedConstraint(error).includes('code_sha256')) {
      throw new HttpError(409, 'collection_code_in_use', 'this collection code already has a pending or approved submission', {
        message_zh: '该采集码已有待审核或已通过的照片，不能重复提交；如需更换照片，请先撤回或联系工作人员。',
      });
    }
    // the same id arrived twice at once (two nodes, or a retry racing the first try)
    const raced = await existing(ctx, id, booth, upload);
    if (raced) return raced;
    throw error;
  }
  return { status: 201, record: toRecord(row) };
}
