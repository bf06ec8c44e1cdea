// The booth's payment requests to the review service, each signed as the enrolled booth: orders for a
// code (create, poll, cancel), its voucher batches, redemption reports and the pending refunds.
import type { z } from 'zod';
import {
  API_PREFIX, OrderViewSchema, PendingRefundsResponseSchema, RedemptionsResponseSchema, VoucherBatchesResponseSchema,
  type CreateOrderRequest, type OrderAccess, type OrderView, type PendingRefund, type RedemptionsResponse, type VoucherBatchesResponse, type VoucherRedemptionReport,
} from '../../../shared/sync/protocol.ts';
import { jsonBody, type SignedClient } from '../sync/signedClient.ts';

async function call<T>(client: SignedClient, schema: z.ZodType<T>, method: 'GET' | 'POST', path: string, what: string, body?: unknown): Promise<T> {
  const response = await client.call(method, path, what, body === undefined ? undefined : jsonBody(body));
  return schema.parse(response.body);
}

export function createOrder(client: SignedClient, request: CreateOrderRequest): Promise<OrderView> {
  return call(client, OrderViewSchema, 'POST', `${API_PREFIX}/payment/orders`, 'create payment order', request);
}

/** `codeKey`: the order's code, which lets a booth see an open order another booth started for it */
export function fetchOrder(client: SignedClient, orderId: string, codeKey: string): Promise<OrderView> {
  return call(client, OrderViewSchema, 'GET', `${API_PREFIX}/payment/orders/${encodeURIComponent(orderId)}?codeKey=${codeKey}`, 'payment order status');
}

export function cancelOrder(client: SignedClient, orderId: string, codeKey: string): Promise<OrderView> {
  const access: OrderAccess = { codeKey };
  return call(client, OrderViewSchema, 'POST', `${API_PREFIX}/payment/orders/${encodeURIComponent(orderId)}/cancel`, 'cancel payment order', access);
}

export function fetchVoucherBatches(client: SignedClient): Promise<VoucherBatchesResponse> {
  return call(client, VoucherBatchesResponseSchema, 'GET', `${API_PREFIX}/booths/${client.boothId}/voucher-batches`, 'voucher batches');
}

export function reportRedemptions(client: SignedClient, redemptions: VoucherRedemptionReport[]): Promise<RedemptionsResponse> {
  return call(client, RedemptionsResponseSchema, 'POST', `${API_PREFIX}/booths/${client.boothId}/voucher-redemptions`, 'voucher redemptions', { redemptions });
}

/** For the staff screen: this booth's payments the service refunds (or will) because no photo was accepted. */
export async function fetchPendingRefunds(client: SignedClient): Promise<PendingRefund[]> {
  return (await call(client, PendingRefundsResponseSchema, 'GET', `${API_PREFIX}/booths/${client.boothId}/pending-refunds`, 'pending refunds')).refunds;
}
