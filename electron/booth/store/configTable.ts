// SQL of booth configuration: small JSON values by key (never personal data).
import type { Database } from 'better-sqlite3';

export class ConfigTable {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  get<T>(key: string, fallback: T): T {
    const r = this.db.prepare('SELECT value FROM booth_config WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as T) : fallback;
  }

  set(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO booth_config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
}
