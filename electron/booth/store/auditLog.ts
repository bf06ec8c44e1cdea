// SQL of the audit log: who did what to which submission, session or job (ids only, no personal data).
import type { Database } from 'better-sqlite3';

export type AuditActor = 'system' | 'operator' | 'student';

export interface AuditEntry {
  id: number;
  at: number;
  actor: AuditActor;
  action: string;
  subject: string | null;
  detail: unknown;
}

export class AuditLog {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  append(e: { at: number; actor: AuditActor; action: string; subject?: string | null; detail?: unknown }): void {
    this.db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail_json) VALUES (?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.subject ?? null, e.detail === undefined ? null : JSON.stringify(e.detail));
  }

  recent(limit: number, action?: string): AuditEntry[] {
    const rows = this.db.prepare('SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?').all(action ?? null, action ?? null, limit) as
      { id: number; at: number; actor: AuditActor; action: string; subject: string | null; detail_json: string | null }[];
    return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: r.detail_json === null ? null : (JSON.parse(r.detail_json) as unknown) }));
  }
}
