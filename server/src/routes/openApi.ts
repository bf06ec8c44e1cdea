// GET /api/v1/openapi.json: the booth protocol as OpenAPI 3.1, generated from the same zod schemas
// the service validates with, so the document cannot drift from the code.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  API_PREFIX, EnrollRequestSchema, EnrollResponseSchema, ErrorBodySchema, EventsResponseSchema, HeartbeatRequestSchema,
  HeartbeatResponseSchema, ResolveCodeRequestSchema, ResolvedCodeSchema, SubmissionMetadataSchema, SubmissionRecordSchema,
  UPLOAD_MAX_BYTES, STANDARDIZED_MAX_BYTES, CreateOrderRequestSchema, OrderAccessSchema, OrderViewSchema, VoucherBatchesResponseSchema, RedemptionsRequestSchema,
  RedemptionsResponseSchema, PendingRefundsResponseSchema,
} from '../../../shared/sync/protocol.ts';
import { MAX_CLOCK_SKEW_MS, SIGNATURE_HEADERS } from '../../../shared/sync/requestSigning.ts';
import { WECHAT_NOTIFY_PATH } from './paymentApi.ts';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => ({ description, ...json(ErrorBodySchema) });

const signedParams = Object.values(SIGNATURE_HEADERS).map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } }));

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'GradBooth review service — booth protocol',
      version: '1',
      description: [
        'Every booth request except /health is signed: Ed25519 over the canonical form',
        '"GB1\\nMETHOD\\npath?query\\nsha256(body) hex\\ntimestamp ms\\nnonce\\nboothId" (shared/sync/requestSigning.ts).',
        `Requests more than ${MAX_CLOCK_SKEW_MS / 1000} s off the service clock are refused (401 clock_skew, with serverTime), a nonce is accepted once (401 replayed),`,
        'a body that does not match its signed digest is refused (401 body_digest_mismatch).',
      ].join(' '),
    },
    paths: {
      [`${API_PREFIX}/health`]: { get: { summary: 'liveness probe for load balancers (unsigned)', responses: { 200: { description: 'up' } } } },
      [`${API_PREFIX}/enroll`]: {
        post: {
          summary: 'register a booth key with a one-time enrollment code (signed with x-gb-booth: enroll by the key being registered)',
          parameters: signedParams,
          requestBody: { required: true, ...json(EnrollRequestSchema) },
          responses: { 201: { description: 'enrolled', ...json(EnrollResponseSchema) }, 403: error('code unknown, used or expired') },
        },
      },
      [`${API_PREFIX}/codes/resolve`]: {
        post: {
          summary: 'resolve a 采集码 with the last 4 ID characters; masked facts only',
          parameters: signedParams,
          requestBody: { required: true, ...json(ResolveCodeRequestSchema) },
          responses: {
            200: { description: 'resolved', ...json(ResolvedCodeSchema) },
            404: error('unknown code'),
            422: error('wrong last 4 (remainingAttempts)'),
            429: error('too many wrong attempts for this code or booth (retryAfterSeconds)'),
          },
        },
      },
      [`${API_PREFIX}/submissions/{id}`]: {
        put: {
          summary: 'upload a submission (idempotent)',
          description: [
            `multipart/form-data, at most ${UPLOAD_MAX_BYTES} bytes in total, with exactly these parts:`,
            '"metadata" (application/json, SubmissionMetadata), "metadataSha256" (text: hex sha256 of the metadata part bytes),',
            `"standardized" (image/jpeg, ≤ ${STANDARDIZED_MAX_BYTES} bytes) and "original" (image/jpeg).`,
            'The photo hashes are metadata.standardizedSha256 and metadata.originalSha256.',
            '"Same content" means the same three hashes (metadata, standardized, original) from the same booth.',
          ].join(' '),
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', description: 'ULID made at the booth' } }, ...signedParams],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['metadata', 'metadataSha256', 'standardized', 'original'],
                  properties: {
                    metadata: schema(SubmissionMetadataSchema),
                    metadataSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                    standardized: { type: 'string', format: 'binary' },
                    original: { type: 'string', format: 'binary' },
                  },
                },
                encoding: { metadata: { contentType: 'application/json' }, standardized: { contentType: 'image/jpeg' }, original: { contentType: 'image/jpeg' } },
              },
            },
          },
          responses: {
            201: { description: 'first upload: stored durably', ...json(SubmissionRecordSchema) },
            200: { description: 'same id and same content again: the stored record', ...json(SubmissionRecordSchema) },
            400: error('malformed body, invalid metadata, or a hash that does not match its bytes'),
            401: error('signature refused (unsigned, clock_skew, replayed, body_digest_mismatch, bad_signature)'),
            409: error('id_conflict: same id with other content; collection_code_in_use: the code already has a live submission'),
            413: error('too large'),
          },
        },
        get: {
          summary: 'the stored record of one of this booth\'s submissions',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...signedParams],
          responses: { 200: { description: 'stored', ...json(SubmissionRecordSchema) }, 404: error('not stored') },
        },
      },
      [`${API_PREFIX}/booths/{id}/events`]: {
        get: {
          summary: 'decisions feed: review outcomes and config changes after a cursor, oldest first',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'after', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', maximum: 500 } },
            ...signedParams,
          ],
          responses: { 200: { description: 'events', ...json(EventsResponseSchema) } },
        },
      },
      [`${API_PREFIX}/booths/{id}/heartbeat`]: {
        post: {
          summary: 'booth health and outbox state',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...signedParams],
          requestBody: { required: true, ...json(HeartbeatRequestSchema) },
          responses: { 200: { description: 'recorded', ...json(HeartbeatResponseSchema) } },
        },
      },
      ...paymentPaths(),
    },
  };
}

/** Payment (docs/payment.md): orders for a collection code, voucher batches and redemptions, refunds. */
function paymentPaths(): Record<string, unknown> {
  const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string', description } });
  return {
    [`${API_PREFIX}/payment/orders`]: {
      post: {
        summary: 'the order paying for a collection code (by its key): the code\'s covering payment, its open order, or a new one with its QR',
        description: 'Amounts are whole fen. A retried request with the same idempotencyKey returns the same order.',
        parameters: signedParams,
        requestBody: { required: true, ...json(CreateOrderRequestSchema) },
        responses: { 200: { description: 'the order (covers: true means the booth goes on)', ...json(OrderViewSchema) }, 400: error('invalid request (e.g. an amount that is not whole fen)') },
      },
    },
    [`${API_PREFIX}/payment/orders/{id}`]: {
      get: {
        summary: 'poll an order; when no provider notification came, the provider is queried (at most every 5 s per order)',
        description: 'Answered to the booth that created the order, or to one that names its code with ?codeKey= (a second session of the code at another booth); else 404.',
        parameters: [idParam('order id (out_trade_no)'), { name: 'codeKey', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, ...signedParams],
        responses: { 200: { description: 'the order', ...json(OrderViewSchema) }, 404: error('no such order (or not this booth\'s)') },
      },
    },
    [`${API_PREFIX}/payment/orders/{id}/cancel`]: {
      post: {
        summary: 'close an unpaid order at the provider; a payment that beat the close still counts',
        description: 'Accepted from the booth that created the order, or one that names its code in the body; else 404.',
        parameters: [idParam('order id'), ...signedParams],
        requestBody: { required: false, ...json(OrderAccessSchema) },
        responses: { 200: { description: 'the order after the close', ...json(OrderViewSchema) }, 404: error('no such order (or not this booth\'s)') },
      },
    },
    [`${API_PREFIX}/booths/{id}/voucher-batches`]: {
      get: {
        summary: 'this booth\'s unexpired voucher batches, each Ed25519-signed by the service key given with them',
        parameters: [idParam('booth id'), ...signedParams],
        responses: { 200: { description: 'batches', ...json(VoucherBatchesResponseSchema) } },
      },
    },
    [`${API_PREFIX}/booths/{id}/voucher-redemptions`]: {
      post: {
        summary: 'report vouchers redeemed at the booth (offline too); each gets its reconciliation verdict, the same on a re-send',
        parameters: [idParam('booth id'), ...signedParams],
        requestBody: { required: true, ...json(RedemptionsRequestSchema) },
        responses: { 200: { description: 'verdicts in request order', ...json(RedemptionsResponseSchema) } },
      },
    },
    [`${API_PREFIX}/booths/{id}/pending-refunds`]: {
      get: {
        summary: 'this booth\'s payments being refunded, or due for refund (no accepted photo within the period, or paid twice)',
        parameters: [idParam('booth id'), ...signedParams],
        responses: { 200: { description: 'pending refunds', ...json(PendingRefundsResponseSchema) } },
      },
    },
    [WECHAT_NOTIFY_PATH]: {
      post: {
        summary: 'WeChat Pay v3 payment and refund notifications (unsigned by booths; verified with the platform key named by Wechatpay-Serial)',
        responses: { 204: { description: 'handled' }, 400: { description: 'malformed' }, 401: { description: 'signature, serial, timestamp or replay refused' }, 500: { description: 'not stored; WeChat Pay retries' } },
      },
    },
  };
}

export function registerOpenApi(app: FastifyInstance): void {
  const document = openApiDocument();
  app.get(`${API_PREFIX}/openapi.json`, async () => document);
}
