// The booth-facing API under /api/v1: enrollment, code resolution, uploads, the decisions feed and
// heartbeats. Everything but the health probe is signed by the booth's Ed25519 key.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ulid } from 'ulid';
import {
  API_PREFIX, UPLOAD_MAX_BYTES, BoothConfigSchema, EnrollRequestSchema, HeartbeatRequestSchema, ResolveCodeRequestSchema, UlidSchema,
  type BoothEvent, type EnrollResponse, type EventsResponse, type ResolvedCode,
} from '../../../shared/sync/protocol.ts';
import { checkSignatureEnvelope, consumeNonce, publicKeyFromRaw, signatureValid, type VerifiedBooth } from '../auth/boothSignature.ts';
import { HttpError } from '../http/httpError.ts';
import { BODY_TYPES } from '../http/requestGuard.ts';
import type { ServiceContext } from '../serviceContext.ts';
import { codeKey, parseUpload, receiveUpload, toRecord } from '../submissions/uploadSubmission.ts';
import { audit } from '../submissions/submissionLedger.ts';
import { maskName, maskSchool } from '../codes/codeResolver.ts';
import { checkLastFour } from '../codes/lastFourCheck.ts';
import { LIVE_STATES } from '../submissions/stateMachine.ts';

export function enrollmentCodeHash(code: string): string {
  return createHash('sha256').update(`enrollment\n${code.trim().toUpperCase()}`).digest('hex');
}

function sameBooth(booth: VerifiedBooth, pathId: string): void {
  if (booth.id !== pathId) throw new HttpError(403, 'wrong_booth', 'a booth may only read and report for itself');
}

export function registerBoothApi(app: FastifyInstance, ctx: ServiceContext): void {
  const signed = (request: FastifyRequest): Promise<VerifiedBooth> =>
    ctx.booths.verify({ method: request.method, url: request.url, headers: request.headers, rawBody: request.rawBody });

  app.get(`${API_PREFIX}/health`, async () => ({ ok: true, serverTime: Date.now() }));

  app.post(`${API_PREFIX}/enroll`, async (request, reply) => {
    const body = EnrollRequestSchema.parse(request.body);
    const now = Date.now();
    // the enrollment request is signed by the key being registered: proof the booth holds it
    const envelope = checkSignatureEnvelope({ method: request.method, url: request.url, headers: request.headers, rawBody: request.rawBody }, now);
    if (envelope.boothId !== 'enroll') throw new HttpError(400, 'bad_enroll', 'the enrollment request is signed with x-gb-booth: enroll');
    if (!signatureValid(publicKeyFromRaw(body.publicKey), envelope.canonical, envelope.signature)) throw new HttpError(401, 'bad_signature', 'the enrollment request is not signed by the key it registers');
    await consumeNonce(ctx.db, `enroll:${body.publicKey}`, envelope.nonce, now);
    const boothId = ulid(now);
    const codeHash = enrollmentCodeHash(body.enrollmentCode);
    const config = await ctx.db.transaction().execute(async (trx) => {
      const claimed = await trx.updateTable('enrollment_codes').set({ used_at: now, booth_id: boothId })
        .where('code_sha256', '=', codeHash).where('used_at', 'is', null).where('expires_at', '>', now)
        .returning(['school', 'degree_categories', 'payment_mode', 'label']).executeTakeFirst();
      if (!claimed) {
        throw new HttpError(403, 'bad_enrollment_code', 'this enrollment code is unknown, already used or expired; ask an administrator for a new one', {
          message_zh: '注册码无效、已使用或已过期，请向管理员索取新的注册码。',
        });
      }
      await trx.insertInto('booths').values({
        id: boothId, public_key: body.publicKey, label: body.label || claimed.label, school: claimed.school,
        degree_categories: claimed.degree_categories, payment_mode: claimed.payment_mode, enrolled_at: now,
        revoked_at: null, last_heartbeat_at: null, heartbeat: null,
      }).execute();
      await audit(trx, `booth:${boothId}`, 'booth.enrolled', boothId, { label: body.label || claimed.label }, now);
      return BoothConfigSchema.parse({ school: claimed.school, degreeCategories: JSON.parse(claimed.degree_categories), paymentMode: claimed.payment_mode });
    });
    const response: EnrollResponse = { boothId, config, codeShape: ctx.resolver.codeShape, serverTime: now };
    return reply.status(201).send(response);
  });

  app.post(`${API_PREFIX}/codes/resolve`, async (request) => {
    const booth = await signed(request);
    const body = ResolveCodeRequestSchema.parse(request.body);
    const key = codeKey(body.code);
    const outcome = await checkLastFour(ctx, booth.id, { text: body.code, key }, body.last4, Date.now());
    if (outcome.kind === 'unknown_code') {
      throw new HttpError(404, 'unknown_code', 'the collection code is not recognised', { message_zh: '无法识别该采集码，请确认扫描的是学信网图像采集码。' });
    }
    if (outcome.kind === 'wrong_last4') {
      const remaining = outcome.remainingAttempts;
      throw new HttpError(422, 'wrong_last4', `the last 4 ID characters do not match (${remaining} attempts left)`, {
        message_zh: remaining > 0 ? `证件号后四位不正确，还可尝试 ${remaining} 次。` : '证件号后四位错误次数过多，该采集码已暂时锁定，请稍后再试或联系工作人员。',
        remainingAttempts: remaining,
      });
    }
    const live = await ctx.db.selectFrom('submissions').select('id').where('code_sha256', '=', key).where('state', 'in', [...LIVE_STATES]).executeTakeFirst();
    const response: ResolvedCode = {
      maskedName: maskName(outcome.student.name),
      maskedSchool: maskSchool(outcome.student.school),
      degreeCategory: outcome.student.degreeCategory,
      hasLiveSubmission: live !== undefined,
    };
    return response;
  });

  // the one route with a multipart body, and the one allowed more than the 1 MiB default
  app.put<{ Params: { id: string } }>(`${API_PREFIX}/submissions/:id`, { bodyLimit: UPLOAD_MAX_BYTES, config: { bodyTypes: BODY_TYPES.multipart } }, async (request, reply) => {
    const booth = await signed(request);
    const id = UlidSchema.parse(request.params.id);
    const upload = await parseUpload(id, request.rawBody, request.headers['content-type']);
    const { status, record } = await receiveUpload(ctx, booth, id, upload);
    return reply.status(status).send(record);
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/submissions/:id`, async (request) => {
    const booth = await signed(request);
    const row = await ctx.db.selectFrom('submissions').select(['id', 'booth_id', 'state', 'metadata_sha256', 'standardized_sha256', 'original_sha256', 'received_at'])
      .where('id', '=', request.params.id).where('booth_id', '=', booth.id).executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found', 'no such submission from this booth');
    return toRecord(row);
  });

  app.get<{ Params: { id: string }; Querystring: { after?: string; limit?: string } }>(`${API_PREFIX}/booths/:id/events`, async (request) => {
    const booth = await signed(request);
    sameBooth(booth, request.params.id);
    const after = Number(request.query.after ?? '0');
    if (!Number.isSafeInteger(after) || after < 0) throw new HttpError(400, 'bad_cursor', 'after must be a cursor returned by this feed');
    const limit = Math.min(500, Math.max(1, Number(request.query.limit ?? '200') || 200));
    const rows = await ctx.db.selectFrom('booth_events').selectAll().where('booth_id', '=', booth.id).where('seq', '>', after).orderBy('seq').limit(limit).execute();
    const events: BoothEvent[] = rows.map((r) => ({
      cursor: String(r.seq),
      kind: r.kind as BoothEvent['kind'],
      submissionId: r.submission_id,
      state: r.state as BoothEvent['state'],
      reasons: JSON.parse(r.reasons) as BoothEvent['reasons'],
      note: r.note,
      config: r.config ? BoothConfigSchema.parse(JSON.parse(r.config)) : null,
      at: r.at,
    }));
    const response: EventsResponse = { events, cursor: events.at(-1)?.cursor ?? String(after) };
    return response;
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/booths/:id/heartbeat`, async (request) => {
    const booth = await signed(request);
    sameBooth(booth, request.params.id);
    const body = HeartbeatRequestSchema.parse(request.body);
    const now = Date.now();
    await ctx.db.updateTable('booths').set({ last_heartbeat_at: now, heartbeat: JSON.stringify(body) }).where('id', '=', booth.id).execute();
    return { serverTime: now, revoked: false };
  });
}
