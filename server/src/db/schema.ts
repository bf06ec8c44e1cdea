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
  note: string;
  batch_id: string | null;
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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  enrollment_codes: EnrollmentCodesTable;
  booths: BoothsTable;
  booth_nonces: BoothNoncesTable;
  submissions: SubmissionsTable;
  booth_events: BoothEventsTable;
  audit_log: AuditLogTable;
  code_attempts: CodeAttemptsTable;
  transmissions: TransmissionsTable;
  settings: SettingsTable;
}
