// The review service's tables as Kysely types; times are ms since epoch, JSON columns are text.
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: 'reviewer' | 'admin';
  created_at: number;
  disabled_at: number | null;
}

export interface SessionsTable {
  token_sha256: string;
  user_id: string;
  expires_at: number;
}

export interface EnrollmentCodesTable {
  code_sha256: string;
  label: string;
  school: string;
  degree_categories: string;
  payment_mode: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  booth_id: string | null;
}

export interface BoothsTable {
  id: string;
  public_key: string;
  label: string;
  school: string;
  degree_categories: string;
  payment_mode: string;
  enrolled_at: number;
  revoked_at: number | null;
  last_heartbeat_at: number | null;
  heartbeat: string | null;
  event_seq: Generated<number>;
}

export interface BoothNoncesTable {
  booth_id: string;
  nonce: string;
  seen_at: number;
}

export interface SubmissionsTable {
  id: string;
  booth_id: string;
  code_sha256: string;
  state: string;
  degree_category: string;
  school: string;
  metadata: string;
  metadata_sha256: string;
  standardized_sha256: string;
  original_sha256: string;
  status_secret_sha256: string;
  received_at: number;
  updated_at: number;
  decided_at: number | null;
  decided_by: string | null;
  reasons: string;
  /** JSON rule ids the reviewer marked as booth false alarms when approving (issue 16) */
  flags: Generated<string>;
  note: string;
  batch_id: string | null;
}

/**
 * Per reviewer decision and rule, what the booth said and what the reviewer decided, for the
 * agreement report (server/src/agreement/ruleOutcomes.ts). Written in the decision's transaction,
 * never changed; only rules the booth did not pass or the reviewer rejected for have a row.
 */
export interface RuleOutcomesTable {
  submission_id: string;
  rule_id: string;
  /** pass | warn | fail | overridden | unchecked */
  booth_verdict: string;
  /** 1: the reviewer rejected the photo for this rule */
  rejected: number;
  /** 1: the reviewer approved and marked the booth's verdict on this rule as wrong */
  flagged: number;
  decided_at: number;
  booth_id: string;
  school: string;
}

export interface BoothEventsTable {
  booth_id: string;
  seq: number;
  kind: string;
  submission_id: string | null;
  state: string | null;
  reasons: string;
  note: string;
  config: string | null;
  at: number;
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

export interface CodeAttemptsTable {
  scope: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
}

export interface TransmissionsTable {
  batch_id: string;
  created_at: number;
  count: number;
  outcome: string;
  detail: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface PaymentOrdersTable {
  id: string;
  provider: string;
  code_key: string;
  booth_id: string;
  amount_fen: number;
  idempotency_key: string;
  state: string;
  code_url: string;
  created_at: number;
  expires_at: number;
  paid_at: number | null;
  transaction_id: string | null;
  closed_at: number | null;
  /** JSON OrderRefund */
  refund: string | null;
  /** why the last refund attempt failed, for the staff screen */
  refund_error: string | null;
  version: number;
}

export interface PaymentOrderAuditTable {
  order_id: string;
  seq: number;
  at: number;
  event: string;
  from_state: string | null;
  to_state: string;
  detail: string;
}

export interface PaymentNotificationsTable {
  notification_id: string;
  at: number;
}

export interface PaymentDeliveriesTable {
  envelope_key: string;
  notification_id: string;
  at: number;
}

export interface VoucherBatchesTable {
  id: string;
  booth_id: string;
  count: number;
  value_fen: number;
  expires_at: number;
  /** JSON SignedVoucherBatch, as the booth receives it */
  signed_batch: string;
  created_by: string;
  created_at: number;
}

export interface VoucherRedemptionsTable {
  redemption_id: string;
  booth_id: string;
  batch_id: string;
  voucher_hash: string;
  code_key: string;
  redeemed_at: number;
  received_at: number;
  verdict: string;
  first_redemption_id: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  enrollment_codes: EnrollmentCodesTable;
  booths: BoothsTable;
  booth_nonces: BoothNoncesTable;
  submissions: SubmissionsTable;
  rule_outcomes: RuleOutcomesTable;
  booth_events: BoothEventsTable;
  audit_log: AuditLogTable;
  code_attempts: CodeAttemptsTable;
  transmissions: TransmissionsTable;
  settings: SettingsTable;
  payment_orders: PaymentOrdersTable;
  payment_order_audit: PaymentOrderAuditTable;
  payment_notifications: PaymentNotificationsTable;
  payment_deliveries: PaymentDeliveriesTable;
  voucher_batches: VoucherBatchesTable;
  voucher_redemptions: VoucherRedemptionsTable;
}
