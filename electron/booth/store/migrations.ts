// The booth database schema, versioned in code: each migration runs once, in order, in one transaction.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: never edit a migration that has shipped; add the next version instead. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'booth core',
    sql: `
      CREATE TABLE booth_config (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL            -- JSON; never personal data
      ) STRICT;

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_reason TEXT,
        personal_enc BLOB              -- AES-GCM sealed JSON; wiped when the session ends
      ) STRICT;
      CREATE INDEX sessions_unfinished ON sessions(state) WHERE state NOT IN ('queued', 'abandoned');

      CREATE TABLE session_transitions (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        from_state TEXT NOT NULL,
        event TEXT NOT NULL,
        to_state TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX session_transitions_session ON session_transitions(session_id);

      CREATE TABLE session_captures (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        kind TEXT NOT NULL CHECK (kind IN ('original', 'standardized')),
        path TEXT NOT NULL,            -- relative to the data dir
        PRIMARY KEY (session_id, kind)
      ) STRICT;

      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,           -- ULID made at the booth
        session_id TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'acknowledged', 'purged')),
        verification TEXT NOT NULL CHECK (verification IN ('verified', 'deferred')),
        created_at INTEGER NOT NULL,
        acknowledged_at INTEGER,
        purged_at INTEGER,
        checks_json TEXT NOT NULL,     -- rule verdicts: no personal data
        metadata_enc BLOB,             -- sealed JSON; NULL once purged
        personal_enc BLOB,             -- sealed JSON; NULL once purged
        problem TEXT CHECK (problem IN ('file_missing', 'hash_mismatch')),
        problem_at INTEGER
      ) STRICT;
      CREATE INDEX submissions_state ON submissions(state, created_at);

      CREATE TABLE photo_files (
        submission_id TEXT NOT NULL REFERENCES submissions(id),
        kind TEXT NOT NULL CHECK (kind IN ('original', 'standardized')),
        path TEXT NOT NULL UNIQUE,     -- relative to the data dir
        sha256 TEXT NOT NULL,          -- of the JPEG (what the review service verifies)
        disk_sha256 TEXT NOT NULL,     -- of the sealed bytes on disk (start-up repair, no key needed)
        size INTEGER NOT NULL,         -- of the JPEG
        disk_size INTEGER NOT NULL,
        PRIMARY KEY (submission_id, kind)
      ) STRICT;

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payload_json TEXT NOT NULL,    -- ids only, never personal data
        state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        run_at INTEGER NOT NULL,
        dedupe_key TEXT,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX jobs_due ON jobs(state, run_at);
      CREATE UNIQUE INDEX jobs_dedupe ON jobs(dedupe_key) WHERE dedupe_key IS NOT NULL;

      CREATE VIEW outbox AS
        SELECT id, json_extract(payload_json, '$.submissionId') AS submission_id, state, attempts, run_at, last_error
        FROM jobs WHERE kind = 'submission.upload';

      CREATE TABLE code_attempts (
        scope_key TEXT PRIMARY KEY,    -- 'booth' or 'code:' + HMAC(booth key, code): never the code itself
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        locked_until INTEGER
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,           -- 'system' | 'operator' | 'student'
        action TEXT NOT NULL,
        subject TEXT,                  -- a submission, session or job id
        detail_json TEXT               -- never personal data
      ) STRICT;
    `,
  },
];

/** Brings the database to the newest schema; refuses a database written by a newer GradBooth. */
export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`booth database schema v${current} is newer than this GradBooth understands (v${newest}): install the newer GradBooth version again; do not delete the data directory`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return newest;
}
