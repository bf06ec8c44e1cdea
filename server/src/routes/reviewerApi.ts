// The reviewer web app and its JSON API: the queue (oldest first), one submission with its check
// verdicts and landmarks, the photos, and decisions (each one in the audit log).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ReasonCodeSchema, type SubmissionMetadata, type SubmissionState } from '../../../shared/sync/protocol.ts';
import type { ServiceContext } from '../serviceContext.ts';
import { logOut, requireStaff } from '../auth/staffSessions.ts';
import { limitedLogIn } from '../auth/staffLogin.ts';
import { HttpError } from '../http/httpError.ts';
import { transition } from '../submissions/submissionLedger.ts';
import { REASON_TEXT } from '../review/reasonText.ts';
import { staticPage } from '../web/html.ts';

const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
const DecisionRequestSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  reasons: z.array(ReasonCodeSchema).max(20).default([]),
  note: z.string().max(500).default(''),
}).refine((d) => d.decision === 'approve' || d.reasons.length > 0 || d.note.trim().length > 0, 'a rejection needs a reason or a note');

/** `?limit=`: 1–200, 50 when absent or not a number (a negative or zero limit is no limit to the database). */
function queueLimit(text: string | undefined): number {
  const n = Math.trunc(Number(text ?? '50'));
  return Number.isFinite(n) && n > 0 ? Math.min(200, n) : 50;
}

/** A reviewer judges the photo: how the student paid (a voucher or order reference) is none of the review's business. */
function withoutPaymentRef(session: SubmissionMetadata['session']): Omit<SubmissionMetadata['session'], 'paymentRef'> {
  const { paymentRef: _paymentRef, ...rest } = session;
  return rest;
}

/** The reviewer queue: the oldest pending submissions and how many wait. Benchmarked in bench/server.bench.ts. */
export async function reviewQueue(ctx: ServiceContext, limit: number) {
  const [items, count] = await Promise.all([
    ctx.db.selectFrom('submissions').select(['id', 'received_at', 'school', 'degree_category', 'booth_id'])
      .where('state', '=', 'pending').orderBy('received_at').orderBy('id').limit(limit).execute(),
    ctx.db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'pending').executeTakeFirstOrThrow(),
  ]);
  return { pending: Number(count.n), items: items.map((r) => ({ id: r.id, receivedAt: r.received_at, school: r.school, degreeCategory: r.degree_category, boothId: r.booth_id })) };
}

export function registerReviewerApi(app: FastifyInstance, ctx: ServiceContext): void {
  const page = staticPage('reviewer.html');
  app.get('/review', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/', async (_request, reply) => reply.redirect('/review'));

  app.post('/staff/api/login', async (request, reply) => {
    const { username, password } = LoginSchema.parse(request.body);
    return limitedLogIn(ctx, request, reply, username, password);
  });
  app.post('/staff/api/logout', async (request, reply) => {
    await logOut(ctx.db, request, reply);
    return { ok: true };
  });
  app.get('/staff/api/me', async (request) => requireStaff(ctx.db, request, ['reviewer', 'admin']));

  app.get('/review/api/reasons', async () => Object.entries(REASON_TEXT).map(([code, t]) => ({ code, zh: t.zh, en: t.en })));

  app.get<{ Querystring: { limit?: string } }>('/review/api/queue', async (request) => {
    await requireStaff(ctx.db, request, ['reviewer', 'admin']);
    return reviewQueue(ctx, queueLimit(request.query.limit));
  });

  app.get<{ Params: { id: string } }>('/review/api/submissions/:id', async (request) => {
    await requireStaff(ctx.db, request, ['reviewer', 'admin']);
    const row = await ctx.db.selectFrom('submissions').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found', 'no such submission');
    const metadata = JSON.parse(row.metadata) as Omit<SubmissionMetadata, 'last4'>;
    return {
      id: row.id, state: row.state as SubmissionState, boothId: row.booth_id, school: row.school, degreeCategory: row.degree_category,
      receivedAt: row.received_at, reasons: JSON.parse(row.reasons) as string[], note: row.note, decidedBy: row.decided_by,
      checks: metadata.checks, overrides: metadata.overrides ?? [], landmarks: metadata.landmarks, session: withoutPaymentRef(metadata.session),
    };
  });

  app.get<{ Params: { id: string; which: string } }>('/review/api/submissions/:id/:which.jpg', async (request, reply) => {
    await requireStaff(ctx.db, request, ['reviewer', 'admin']);
    if (request.params.which !== 'standardized' && request.params.which !== 'original') throw new HttpError(404, 'not_found', 'no such photo');
    const row = await ctx.db.selectFrom('submissions').select(['standardized_sha256', 'original_sha256']).where('id', '=', request.params.id).executeTakeFirst();
    if (!row) throw new HttpError(404, 'not_found', 'no such submission');
    const bytes = await ctx.objects.get(request.params.which === 'standardized' ? row.standardized_sha256 : row.original_sha256);
    if (!bytes) throw new HttpError(500, 'object_missing', 'the photo object is missing from the store: restore it from backup');
    return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(Buffer.from(bytes));
  });

  app.post<{ Params: { id: string } }>('/review/api/submissions/:id/decision', async (request) => {
    const user = await requireStaff(ctx.db, request, ['reviewer', 'admin']);
    const body = DecisionRequestSchema.parse(request.body);
    const moved = await ctx.db.transaction().execute((trx) => transition(trx, {
      submissionId: request.params.id, from: 'pending', to: body.decision === 'approve' ? 'approved' : 'rejected',
      actor: `user:${user.username}`, reasons: body.decision === 'approve' ? [] : body.reasons, note: body.note,
    }));
    if (!moved) throw new HttpError(409, 'already_decided', 'this submission is no longer pending (decided by someone else, or withdrawn)');
    return { ok: true };
  });

  // reviewers read what happened to submissions; the rest of the log (users, booths, payments) is the admins'
  app.get<{ Querystring: { subject?: string } }>('/review/api/audit', async (request) => {
    const user = await requireStaff(ctx.db, request, ['reviewer', 'admin']);
    let query = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(200);
    if (user.role !== 'admin') query = query.where('action', 'like', 'submission.%');
    if (request.query.subject) query = query.where('subject', '=', request.query.subject);
    return (await query.execute()).map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
  });
}
