// Test helper: PaymentStore in memory, with the same atomicity the Kysely store must give
// (unique id and idempotency key, version-checked updates). Copies on the way in and out, like a DB.
import type { PaymentOrder } from '../../server/src/payment/paymentOrder.ts';
import type { PaymentStore } from '../../server/src/payment/paymentStore.ts';

export function inMemoryOrderStore(): PaymentStore & { orders: Map<string, PaymentOrder> } {
  const orders = new Map<string, PaymentOrder>();
  const handled = new Set<string>();
  const envelopes = new Set<string>();
  const copy = (order: PaymentOrder): PaymentOrder => structuredClone(order);
  return {
    orders,
    async insertOrder(order) {
      if (orders.has(order.id) || [...orders.values()].some((o) => o.idempotencyKey === order.idempotencyKey)) return 'duplicate';
      orders.set(order.id, copy(order));
      return 'inserted';
    },
    async getOrder(id) {
      const order = orders.get(id);
      return order ? copy(order) : null;
    },
    async findByIdempotencyKey(key) {
      const order = [...orders.values()].find((o) => o.idempotencyKey === key);
      return order ? copy(order) : null;
    },
    async ordersForCode(code) {
      return [...orders.values()].filter((o) => o.collectionCode === code).sort((a, b) => a.createdAt - b.createdAt).map(copy);
    },
    async updateOrder(order, expectedVersion) {
      if (orders.get(order.id)?.version !== expectedVersion) return false;
      orders.set(order.id, copy(order));
      return true;
    },
    async paidOrders() {
      return [...orders.values()].filter((o) => o.state === 'paid').map(copy);
    },
    async notificationHandled(id) {
      return handled.has(id);
    },
    async recordNotification(id, envelopeKey) {
      handled.add(id);
      if (envelopes.has(envelopeKey)) return false;
      envelopes.add(envelopeKey);
      return true;
    },
  };
}
