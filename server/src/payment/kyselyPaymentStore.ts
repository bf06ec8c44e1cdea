// PaymentStore over the service database (SQLite or PostgreSQL through Kysely): an order is one row
// plus its audit trail rows, written in one transaction; updates only land on the version they read.
import type { Kysely, Selectable } from 'kysely';
import type { Database, PaymentOrdersTable } from '../db/schema.ts';
import { isUniqueViolation } from '../db/database.ts';
import { toFen } from '../../../shared/payment/fen.ts';
import type { OrderAuditEntry, OrderRefund, OrderState, PaymentOrder } from './paymentOrder.ts';
import type { PaymentStore } from './paymentStore.ts';
import type { ProviderName } from './paymentProvider.ts';

type Db = Kysely<Database>;

function row(order: PaymentOrder): PaymentOrdersTable {
  return {
    id: order.id,
    provider: order.provider,
    code_key: order.collectionCode,
    booth_id: order.boothId,
    amount_fen: order.amountFen,
    idempotency_key: order.idempotencyKey,
    state: order.state,
    code_url: order.codeUrl,
    created_at: order.createdAt,
    expires_at: order.expiresAt,
    paid_at: order.paidAt,
    transaction_id: order.transactionId,
    closed_at: order.closedAt,
    refund: order.refund ? JSON.stringify(order.refund) : null,
    refund_error: null,
    version: order.version,
  };
}

function auditRows(order: PaymentOrder, from: number) {
  return order.audit.slice(from).map((a, i) => ({
    order_id: order.id, seq: from + i, at: a.at, event: a.event, from_state: a.from, to_state: a.to, detail: a.detail,
  }));
}

export class KyselyPaymentStore implements PaymentStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  private async load(rows: Selectable<PaymentOrdersTable>[]): Promise<PaymentOrder[]> {
    if (rows.length === 0) return [];
    const audit = await this.db.selectFrom('payment_order_audit').selectAll().where('order_id', 'in', rows.map((r) => r.id)).orderBy('order_id').orderBy('seq').execute();
    const byOrder = new Map<string, OrderAuditEntry[]>();
    for (const a of audit) {
      byOrder.set(a.order_id, [...(byOrder.get(a.order_id) ?? []), { at: a.at, event: a.event as OrderAuditEntry['event'], from: a.from_state as OrderState | null, to: a.to_state as OrderState, detail: a.detail }]);
    }
    return rows.map((r) => ({
      id: r.id,
      provider: r.provider as ProviderName,
      collectionCode: r.code_key,
      boothId: r.booth_id,
      amountFen: toFen(r.amount_fen),
      idempotencyKey: r.idempotency_key,
      state: r.state as OrderState,
      codeUrl: r.code_url,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      paidAt: r.paid_at,
      transactionId: r.transaction_id,
      closedAt: r.closed_at,
      refund: r.refund ? (JSON.parse(r.refund) as OrderRefund) : null,
      version: r.version,
      audit: byOrder.get(r.id) ?? [],
    }));
  }

  async insertOrder(order: PaymentOrder): Promise<'inserted' | 'duplicate'> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('payment_orders').values(row(order)).execute();
        await trx.insertInto('payment_order_audit').values(auditRows(order, 0)).execute();
      });
      return 'inserted';
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate';
      throw error;
    }
  }

  async getOrder(id: string): Promise<PaymentOrder | null> {
    return (await this.load(await this.db.selectFrom('payment_orders').selectAll().where('id', '=', id).execute()))[0] ?? null;
  }

  async findByIdempotencyKey(key: string): Promise<PaymentOrder | null> {
    return (await this.load(await this.db.selectFrom('payment_orders').selectAll().where('idempotency_key', '=', key).execute()))[0] ?? null;
  }

  async ordersForCode(collectionCode: string): Promise<PaymentOrder[]> {
    return this.load(await this.db.selectFrom('payment_orders').selectAll().where('code_key', '=', collectionCode).orderBy('created_at').orderBy('id').execute());
  }

  async updateOrder(order: PaymentOrder, expectedVersion: number): Promise<boolean> {
    const { refund_error: _unchanged, ...fields } = row(order);
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('payment_orders').set(fields).where('id', '=', order.id).where('version', '=', expectedVersion).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      // one audit entry per version: the stored trail has exactly expectedVersion entries
      const added = auditRows(order, expectedVersion);
      if (added.length > 0) await trx.insertInto('payment_order_audit').values(added).execute();
      return true;
    });
  }

  async paidOrders(): Promise<PaymentOrder[]> {
    return this.load(await this.db.selectFrom('payment_orders').selectAll().where('state', '=', 'paid').orderBy('paid_at').execute());
  }

  async notificationHandled(notificationId: string): Promise<boolean> {
    return (await this.db.selectFrom('payment_notifications').select('notification_id').where('notification_id', '=', notificationId).executeTakeFirst()) !== undefined;
  }

  async recordNotification(notificationId: string, envelopeKey: string, at: number): Promise<boolean> {
    await this.db.insertInto('payment_notifications').values({ notification_id: notificationId, at }).onConflict((oc) => oc.column('notification_id').doNothing()).execute();
    const inserted = await this.db.insertInto('payment_deliveries').values({ envelope_key: envelopeKey, notification_id: notificationId, at })
      .onConflict((oc) => oc.column('envelope_key').doNothing()).executeTakeFirst();
    // deliveries older than the signature window can never verify again: no need to remember them
    await this.db.deleteFrom('payment_deliveries').where('at', '<', at - 10 * 60_000).execute();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** What the last refund attempt of an order said (null: it went through or is not failing). */
  async noteRefundError(orderId: string, error: string | null): Promise<void> {
    await this.db.updateTable('payment_orders').set({ refund_error: error }).where('id', '=', orderId).execute();
  }
}
