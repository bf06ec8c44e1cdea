// The admin web app and its API: booths (enrol via one-time codes, revoke, configure, last heartbeat
// and outbox age), enrollment codes, staff accounts, voucher batches and pending refunds, and a manual
// transmission batch.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BoothConfigSchema, DegreeCategorySchema, PaymentModeSchema, type HeartbeatRequest } from '../../../shared/sync/protocol.ts';
import type { ServiceContext } from '../serviceContext.ts';
import { requireStaff } from '../auth/staffSessions.ts';
import { createStaffUser } from '../auth/staffAccounts.ts';
import { HttpError } from '../http/httpError.ts';
import { appendBoothEvent, audit } from '../submissions/submissionLedger.ts';
import { enrollmentCodeHash } from './boothApi.ts';
import { runTransmissionBatch } from '../transmit/transmissionRun.ts';
import { staticPage } from '../web/html.ts';
import { issueBatch, listBatches } from '../payment/voucherBatches.ts';
import { pendingRefunds } from '../payment/refundSweepRun.ts';

const NewCodeSchema = z.object({
  label: z.string().min(1).max(120),
  school: z.string().min(1).max(120),
  degreeCategories: z.array(DegreeCategorySchema).min(1),
  paymentMode: PaymentModeSchema,
  validDays: z.number().int().min(1).max(90).default(7),
});
const NewUserSchema = z.object({ username: z.string(), password: z.string(), role: z.enum(['reviewer', 'admin']) });

/** ENR-XXXX-XXXX-XXXX from an alphabet without look-alikes, typed by an operator. */
export function newEnrollmentCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `ENR-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export async function createEnrollmentCode(ctx: ServiceContext, input: z.input<typeof NewCodeSchema>, actor: string): Promise<{ code: string; expiresAt: number }> {
  const parsed = NewCodeSchema.parse(input);
  const code = newEnrollmentCode();
  const now = Date.now();
  const expiresAt = now + parsed.validDays * 86_400_000;
  await ctx.db.insertInto('enrollment_codes').values({
    code_sha256: enrollmentCodeHash(code), label: parsed.label, school: parsed.school, degree_categories: JSON.stringify(parsed.degreeCategories),
    payment_mode: parsed.paymentMode, created_by: actor, created_at: now, expires_at: expiresAt, used_at: null, booth_id: null,
  }).execute();
  await audit(ctx.db, actor, 'enrollment_code.created', parsed.label, { school: parsed.school, expiresAt });
  return { code, expiresAt };
}

export function registerAdminApi(app: FastifyInstance, ctx: ServiceContext): void {
  const page = staticPage('admin.html');
  app.get('/admin', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  const admin = (request: Parameters<typeof requireStaff>[1]) => requireStaff(ctx.db, request, ['admin']);

  app.get('/admin/api/booths', async (request) => {
    await admin(request);
    const rows = await ctx.db.selectFrom('booths').selectAll().orderBy('enrolled_at', 'desc').execute();
    return rows.map((b) => {
      const beat = b.heartbeat ? (JSON.parse(b.heartbeat) as HeartbeatRequest) : null;
      return {
        id: b.id, label: b.label, school: b.school, degreeCategories: JSON.parse(b.degree_categories) as string[], paymentMode: b.payment_mode,
        enrolledAt: b.enrolled_at, revokedAt: b.revoked_at, lastHeartbeatAt: b.last_heartbeat_at,
        queueLength: beat?.queueLength ?? null, oldestQueuedAgeSeconds: beat?.oldestQueuedAgeSeconds ?? null, health: beat?.health ?? null,
      };
    });
  });

  app.post('/admin/api/enrollment-codes', async (request) => {
    const user = await admin(request);
    return createEnrollmentCode(ctx, request.body as z.input<typeof NewCodeSchema>, `user:${user.username}`);
  });

  app.get('/admin/api/enrollment-codes', async (request) => {
    await admin(request);
    return (await ctx.db.selectFrom('enrollment_codes').select(['label', 'school', 'payment_mode', 'created_at', 'expires_at', 'used_at', 'booth_id'])
      .orderBy('created_at', 'desc').limit(200).execute());
  });

  app.post<{ Params: { id: string } }>('/admin/api/booths/:id/revoke', async (request) => {
    const user = await admin(request);
    const done = await ctx.db.updateTable('booths').set({ revoked_at: Date.now() }).where('id', '=', request.params.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new HttpError(404, 'not_found', 'no such active booth');
    await audit(ctx.db, `user:${user.username}`, 'booth.revoked', request.params.id, {});
    return { ok: true };
  });

  app.post<{ Params: { id: string } }>('/admin/api/booths/:id/config', async (request) => {
    const user = await admin(request);
    const config = BoothConfigSchema.parse(request.body);
    const now = Date.now();
    await ctx.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('booths').set({ school: config.school, degree_categories: JSON.stringify(config.degreeCategories), payment_mode: config.paymentMode })
        .where('id', '=', request.params.id).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new HttpError(404, 'not_found', 'no such booth');
      // the booth learns its new configuration from its decisions feed
      await appendBoothEvent(trx, request.params.id, { kind: 'config', submissionId: null, state: null, reasons: [], note: '', config }, now);
      await audit(trx, `user:${user.username}`, 'booth.configured', request.params.id, config, now);
    });
    return { ok: true };
  });

  app.get('/admin/api/users', async (request) => {
    await admin(request);
    return ctx.db.selectFrom('users').select(['id', 'username', 'role', 'created_at', 'disabled_at']).orderBy('username').execute();
  });

  app.post('/admin/api/users', async (request) => {
    const user = await admin(request);
    const body = NewUserSchema.parse(request.body);
    return { id: await createStaffUser(ctx.db, body, `user:${user.username}`) };
  });

  app.post<{ Params: { id: string } }>('/admin/api/users/:id/disable', async (request) => {
    const user = await admin(request);
    if (request.params.id === user.id) throw new HttpError(400, 'self_disable', 'an admin cannot disable their own account');
    await ctx.db.updateTable('users').set({ disabled_at: Date.now() }).where('id', '=', request.params.id).execute();
    await ctx.db.deleteFrom('sessions').where('user_id', '=', request.params.id).execute();
    await audit(ctx.db, `user:${user.username}`, 'user.disabled', request.params.id, {});
    return { ok: true };
  });

  // voucher batches: the codes are in this answer only (the service keeps their hashes)
  app.post('/admin/api/voucher-batches', async (request) => {
    const user = await admin(request);
    return issueBatch(ctx.db, ctx.payment.signer, request.body, `user:${user.username}`);
  });

  app.get('/admin/api/voucher-batches', async (request) => {
    await admin(request);
    return listBatches(ctx.db);
  });

  app.get('/admin/api/payment/pending-refunds', async (request) => {
    await admin(request);
    return { refunds: await pendingRefunds(ctx.db, ctx.payment) };
  });

  // refund one paid order now (the sweep would, later); safe to repeat: the same out_refund_no each time
  app.post<{ Params: { id: string } }>('/admin/api/payment/orders/:id/refund', async (request) => {
    const user = await admin(request);
    let order;
    try {
      order = await ctx.payment.orders.refund(request.params.id, 'manual');
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(409, 'not_refundable', error.message);
      throw error;
    }
    await audit(ctx.db, `user:${user.username}`, 'payment.refund', order.id, { state: order.state });
    return { orderId: order.id, state: order.state };
  });

  app.post('/admin/api/transmit', async (request) => {
    await admin(request);
    return (await runTransmissionBatch(ctx)) ?? { batchId: null, sent: 0, accepted: 0 };
  });
}
