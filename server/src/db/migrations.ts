// Schema migrations, versioned in code, written once with Kysely's schema builder so the same steps
// run on SQLite and PostgreSQL (the only dialect difference, the partial unique index, is plain SQL
// both accept).
import { sql, type Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database } from './schema.ts';
import { backfillRuleOutcomes, REVIEWER_DECIDED } from '../agreement/ruleOutcomes.ts';

const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('disabled_at', 'bigint')
        .execute();
      await db.schema.createTable('sessions')
        .addColumn('token_sha256', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createTable('enrollment_codes')
        .addColumn('code_sha256', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('school', 'text', (c) => c.notNull())
        .addColumn('degree_categories', 'text', (c) => c.notNull())
        .addColumn('payment_mode', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addColumn('booth_id', 'text')
        .execute();
      await db.schema.createTable('booths')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('school', 'text', (c) => c.notNull())
        .addColumn('degree_categories', 'text', (c) => c.notNull())
        .addColumn('payment_mode', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('last_heartbeat_at', 'bigint')
        .addColumn('heartbeat', 'text')
        .addColumn('event_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createTable('booth_nonces')
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('booth_nonces_pk', ['booth_id', 'nonce'])
        .execute();
      await db.schema.createIndex('booth_nonces_seen_at').on('booth_nonces').column('seen_at').execute();
      await db.schema.createTable('submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('code_sha256', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('degree_category', 'text', (c) => c.notNull())
        .addColumn('school', 'text', (c) => c.notNull())
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('metadata_sha256', 'text', (c) => c.notNull())
        .addColumn('standardized_sha256', 'text', (c) => c.notNull())
        .addColumn('original_sha256', 'text', (c) => c.notNull())
        .addColumn('status_secret_sha256', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_at', 'bigint')
        .addColumn('decided_by', 'text')
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text')
        .execute();
      // the reviewer queue: oldest pending first
      await db.schema.createIndex('submissions_state_received').on('submissions').columns(['state', 'received_at']).execute();
      await db.schema.createIndex('submissions_batch').on('submissions').column('batch_id').execute();
      // one live submission per collection code: a new one only after rejection or withdrawal
      await sql`CREATE UNIQUE INDEX submissions_one_live_per_code ON submissions (code_sha256) WHERE state NOT IN ('rejected', 'withdrawn')`.execute(db);
      await db.schema.createTable('booth_events')
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('submission_id', 'text')
        .addColumn('state', 'text')
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('config', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('booth_events_pk', ['booth_id', 'seq'])
        .execute();
      await db.schema.createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_subject').on('audit_log').column('subject').execute();
      await db.schema.createTable('code_attempts')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .execute();
      await db.schema.createTable('transmissions')
        .addColumn('batch_id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_payment': {
    async up(db: Kysely<unknown>) {
      // orders belong to a collection code (its key); updates are version-checked (several nodes)
      await db.schema.createTable('payment_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('code_key', 'text', (c) => c.notNull())
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('code_url', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('paid_at', 'bigint')
        .addColumn('transaction_id', 'text')
        .addColumn('closed_at', 'bigint')
        .addColumn('refund', 'text')
        .addColumn('refund_error', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_orders_code').on('payment_orders').column('code_key').execute();
      await db.schema.createIndex('payment_orders_state').on('payment_orders').column('state').execute();
      await db.schema.createTable('payment_order_audit')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('payment_order_audit_pk', ['order_id', 'seq'])
        .execute();
      await db.schema.createTable('payment_notifications')
        .addColumn('notification_id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createTable('payment_deliveries')
        .addColumn('envelope_key', 'text', (c) => c.primaryKey())
        .addColumn('notification_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createTable('voucher_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('value_fen', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('signed_batch', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('voucher_batches_booth').on('voucher_batches').columns(['booth_id', 'expires_at']).execute();
      await db.schema.createTable('voucher_redemptions')
        .addColumn('redemption_id', 'text', (c) => c.primaryKey())
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('batch_id', 'text', (c) => c.notNull())
        .addColumn('voucher_hash', 'text', (c) => c.notNull())
        .addColumn('code_key', 'text', (c) => c.notNull())
        .addColumn('redeemed_at', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('first_redemption_id', 'text')
        .execute();
      await db.schema.createIndex('voucher_redemptions_batch').on('voucher_redemptions').column('batch_id').execute();
      // one accepted redemption per voucher, even when two nodes take two booths' reports at once
      await sql`CREATE UNIQUE INDEX voucher_redemptions_one_accepted ON voucher_redemptions (voucher_hash) WHERE verdict = 'accepted'`.execute(db);
    },
  },
  '0003_agreement': {
    async up(db: Kysely<unknown>) {
      // a reviewer's "the booth was wrong here" marks on an approval, part of the decision
      await db.schema.alterTable('submissions').addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
      await db.schema.createTable('rule_outcomes')
        .addColumn('submission_id', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('booth_verdict', 'text', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('flagged', 'integer', (c) => c.notNull())
        .addColumn('decided_at', 'bigint', (c) => c.notNull())
        .addColumn('booth_id', 'text', (c) => c.notNull())
        .addColumn('school', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rule_outcomes_pk', ['submission_id', 'rule_id'])
        .execute();
      // the agreement report and the calibration export select decisions by period
      await db.schema.createIndex('rule_outcomes_decided').on('rule_outcomes').column('decided_at').execute();
      // the count of reviewer decisions in a period, booth or school, from the index alone
      await sql`CREATE INDEX submissions_reviewed ON submissions (decided_at, booth_id, school) WHERE ${REVIEWER_DECIDED}`.execute(db);
      await backfillRuleOutcomes(db as Kysely<Database>);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run from two nodes at once (Kysely takes a migration lock). */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
