// Payment routes (ARCHITECTURE §8): the booth's orders (create for a code, poll, cancel — signed like
// every booth request), its voucher batches, redemption reports and pending refunds; the provider's
// notification endpoint (raw body kept for the signature); the sandbox's pay page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_PREFIX, CreateOrderRequestSchema, OrderAccessSchema, RedemptionsRequestSchema,
  type OrderAccess, type OrderView, type PendingRefund, type VoucherBatchesResponse,
} from '../../../shared/sync/protocol.ts';
import { toFen } from '../../../shared/payment/fen.ts';
import type { VerifiedBooth } from '../auth/boothSignature.ts';
import { HttpError } from '../http/httpError.ts';
import { BODY_TYPES } from '../http/requestGuard.ts';
import type { ServiceContext } from '../serviceContext.ts';
import type { PaymentOrder } from '../payment/paymentOrder.ts';
import { covers } from '../payment/paymentOrders.ts';
import { sandboxPayPage } from '../payment/sandboxPayPage.ts';
import type { SandboxPaymentProvider } from '../payment/sandboxProvider.ts';
import type { NotificationEnvelope } from '../payment/paymentProvider.ts';
import { batchesForBooth, reconcileReports } from '../payment/voucherBatches.ts';
import { pendingRefunds } from '../payment/refundSweepRun.ts';

export const WECHAT_NOTIFY_PATH = '/pay/notify/wechat';

function view(order: PaymentOrder): OrderView {
  return {
    orderId: order.id,
    state: order.state,
    covers: covers(order),
    codeUrl: order.state === 'created' ? order.codeUrl : null,
    amountFen: order.amountFen,
    expiresAt: order.expiresAt,
  };
}

function sameBooth(booth: VerifiedBooth, pathId: string): void {
  if (booth.id !== pathId) throw new HttpError(403, 'wrong_booth', 'a booth may only read and report for itself');
}

/** The sandbox's pay button; a closed or expired order cannot be paid (409). */
function payInSandbox(sandbox: SandboxPaymentProvider, orderId: string): NotificationEnvelope {
  try {
    return sandbox.markPaid(orderId);
  } catch (error) {
    throw new HttpError(409, 'not_payable', error instanceof Error ? error.message : String(error));
  }
}

export function registerPaymentApi(app: FastifyInstance, ctx: ServiceContext): void {
  const { payment } = ctx;
  const signed = (request: FastifyRequest): Promise<VerifiedBooth> =>
    ctx.booths.verify({ method: request.method, url: request.url, headers: request.headers, rawBody: request.rawBody });
  const noOrder = (): HttpError => new HttpError(404, 'not_found', 'no such payment order');

  app.post(`${API_PREFIX}/payment/orders`, async (request) => {
    const booth = await signed(request);
    const body = CreateOrderRequestSchema.parse(request.body);
    const { order } = await payment.orders.orderForCode({ boothId: booth.id, collectionCode: body.codeKey, amountFen: toFen(body.amountFen), idempotencyKey: body.idempotencyKey });
    return view(order);
  });

  /** the order, when this booth may see it (OrderAccessSchema); else the same 404 as for no order at all */
  const accessible = async (booth: VerifiedBooth, orderId: string, access: OrderAccess): Promise<void> => {
    const order = await payment.store.getOrder(orderId);
    if (!order || (order.boothId !== booth.id && order.collectionCode !== access.codeKey)) throw noOrder();
  };

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/payment/orders/:id`, async (request) => {
    const booth = await signed(request);
    await accessible(booth, request.params.id, OrderAccessSchema.parse(request.query));
    const order = await payment.orders.status(request.params.id);
    if (!order) throw noOrder();
    return view(order);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/payment/orders/:id/cancel`, async (request) => {
    const booth = await signed(request);
    await accessible(booth, request.params.id, OrderAccessSchema.parse(request.body ?? {}));
    const order = await payment.orders.cancel(request.params.id);
    if (!order) throw noOrder();
    return view(order);
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/booths/:id/voucher-batches`, async (request) => {
    const booth = await signed(request);
    sameBooth(booth, request.params.id);
    const response: VoucherBatchesResponse = { servicePublicKey: payment.signer.publicKey, batches: await batchesForBooth(ctx.db, booth.id) };
    return response;
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/booths/:id/voucher-redemptions`, async (request) => {
    const booth = await signed(request);
    sameBooth(booth, request.params.id);
    return reconcileReports(ctx.db, booth.id, RedemptionsRequestSchema.parse(request.body).redemptions);
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/booths/:id/pending-refunds`, async (request) => {
    const booth = await signed(request);
    sameBooth(booth, request.params.id);
    const refunds: PendingRefund[] = await pendingRefunds(ctx.db, payment, booth.id);
    return { refunds };
  });

  // WeChat Pay's POST: verified on the raw bytes, answered from local work only (well inside its 5 s)
  app.post(WECHAT_NOTIFY_PATH, async (request, reply) => {
    if (!request.rawBody) return reply.status(400).send({ code: 'FAIL', message: 'empty body' });
    const answer = await payment.orders.handleNotification({ headers: request.headers, rawBody: request.rawBody });
    return answer.status === 204 ? reply.status(204).send() : reply.status(answer.status).send(answer.body);
  });

  const sandbox = payment.sandbox;
  if (!sandbox) return;
  app.get<{ Params: { id: string } }>('/pay/sandbox/:id', async (request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(sandboxPayPage(sandbox.order(request.params.id))));

  // the pay button: the sandbox pays and hands its signed notification to the same handler as WeChat Pay's
  app.post<{ Params: { id: string } }>('/pay/sandbox/:id/pay', { config: { bodyTypes: BODY_TYPES.form } }, async (request, reply) => {
    if (!sandbox.order(request.params.id)) throw noOrder();
    const answer = await payment.orders.handleNotification(payInSandbox(sandbox, request.params.id));
    if (answer.status !== 204) throw new HttpError(500, 'notification_refused', answer.body.message);
    return reply.redirect(`/pay/sandbox/${encodeURIComponent(request.params.id)}`, 303);
  });
}
