// SQL of the staff screen's daily report: counts over sessions, transitions, submissions and the
// audit log's capture verdicts, for a time range. Ids and rule ids only: never personal data.
import type { Database } from 'better-sqlite3';

export interface DayFigures {
  sessions: number;
  accepted: number;
  retakes: number;
  failedRules: { ruleId: string; count: number }[];
  /** mean ms from scan to accepted, over the range's accepted submissions */
  averageSessionMs: number | null;
}

export class ReportQueries {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  figures(from: number, to: number): DayFigures {
    const count = (sql: string): number => (this.db.prepare(sql).get(from, to) as { n: number }).n;
    const failedRules = this.db.prepare(`
      SELECT rule.value AS ruleId, COUNT(*) AS count FROM audit_log, json_each(audit_log.detail_json, '$.failed') AS rule
      WHERE audit_log.action = 'capture.checked' AND audit_log.at >= ? AND audit_log.at < ?
      GROUP BY rule.value ORDER BY count DESC, ruleId LIMIT 10`).all(from, to) as { ruleId: string; count: number }[];
    const average = this.db.prepare(`
      SELECT AVG(sub.created_at - s.created_at) AS ms FROM submissions sub JOIN sessions s ON s.id = sub.session_id
      WHERE sub.created_at >= ? AND sub.created_at < ?`).get(from, to) as { ms: number | null };
    return {
      sessions: count('SELECT COUNT(*) AS n FROM sessions WHERE created_at >= ? AND created_at < ?'),
      accepted: count('SELECT COUNT(*) AS n FROM submissions WHERE created_at >= ? AND created_at < ?'),
      retakes: count("SELECT COUNT(*) AS n FROM session_transitions WHERE event = 'retake' AND at >= ? AND at < ?"),
      failedRules,
      averageSessionMs: average.ms,
    };
  }
}
