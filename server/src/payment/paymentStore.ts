// What payment needs from storage; the service implements it over Kysely (SQLite / PostgreSQL).
// Every method is atomic on its own, so several stateless service nodes can share one database.
import type { PaymentOrder } from './paymentOrder.ts';

export interface PaymentStore {
  /** refuses (returns 'duplicate') when the id or the idempotency key already exists */
  insertOrder(order: PaymentOrder): Promise<'inserted' | 'duplicate'>;
  getOrder(id: string): Promise<PaymentOrder | null>;
  findByIdempotencyKey(key: string): Promise<PaymentOrder | null>;
  /** every order the collection code ever had, oldest first */
  ordersForCode(collectionCode: string): Promise<PaymentOrder[]>;
  /** stores `order` only if the stored version is still `expectedVersion`; false when another node won */
  updateOrder(order: PaymentOrder, expectedVersion: number): Promise<boolean>;
  /** orders in state 'paid' (with or without a refund under way): the refund sweep's candidates */
  paidOrders(): Promise<PaymentOrder[]>;
  /** whether a provider notification id was already applied */
  notificationHandled(notificationId: string): Promise<boolean>;
  /**
   * Records a handled notification id and the signed delivery that carried it. Returns false when
   * that delivery (envelopeKey) was recorded before. Keys older than 10 min may be purged: their
   * timestamps are refused as stale anyway.
   */
  recordNotification(notificationId: string, envelopeKey: string, at: number): Promise<boolean>;
}
