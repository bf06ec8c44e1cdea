// Opens the service's database: SQLite under DATA_DIR by default (zero set-up), PostgreSQL when
// DATABASE_URL is set (many booths, several service nodes).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrations.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  /**
   * For writes that may be lost in a power cut (replay nonces): on PostgreSQL a small pool with
   * synchronous_commit off, so they cost one round trip and no WAL flush; on SQLite the same db.
   */
  relaxedDb: Kysely<Database>;
  dialect: Dialect;
}

// bigint columns hold ms timestamps and counters, all well inside Number's safe range
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export async function openDatabase(options: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<OpenDatabase> {
  let db: Kysely<Database>;
  let relaxedDb: Kysely<Database>;
  let dialect: Dialect;
  if (options.databaseUrl) {
    dialect = 'postgres';
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 }) }),
    });
    relaxedDb = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 4, options: '-c synchronous_commit=off' }) }),
    });
  } else {
    dialect = 'sqlite';
    mkdirSync(options.dataDir, { recursive: true });
    const file = new BetterSqlite3(path.join(options.dataDir, 'review.sqlite'));
    file.pragma('journal_mode = WAL');
    // a 200 answer tells the booth it may purge its copy: the row must be on disk first
    file.pragma('synchronous = FULL');
    file.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
    relaxedDb = db;
  }
  await migrateToLatest(db as Kysely<unknown>);
  return { db, relaxedDb, dialect };
}

export async function closeDatabase(opened: OpenDatabase): Promise<void> {
  if (opened.relaxedDb !== opened.db) await opened.relaxedDb.destroy();
  await opened.db.destroy();
}

/** True when an error is a unique-constraint violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The name of the violated constraint/index where the driver tells it (PostgreSQL), else the message. */
export function violatedConstraint(error: unknown): string {
  const e = error as { constraint?: string; message?: string };
  return e.constraint ?? e.message ?? '';
}
