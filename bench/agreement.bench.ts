// The agreement report over 100,000 reviewer-decided submissions on PostgreSQL: every rule's
// booth verdict × reviewer outcome for the whole period, and for one booth over one week. The rows
// are made by the service's own derivation (ruleOutcomeRows) from metadata with every rule of the spec, at
// warn/fail/override/rejection rates above what a calibrated booth should see; then the report is
// timed as bench/server.bench.ts times the reviewer queue. Figures are measured, never asserted.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Insertable } from 'kysely';
import { ulid } from 'ulid';
import { closeDatabase, openDatabase } from '../server/src/db/database.ts';
import { agreementReport, type AgreementFilter } from '../server/src/agreement/agreementReport.ts';
import { ruleOutcomeRows } from '../server/src/agreement/ruleOutcomes.ts';
import { calibrationExport } from '../server/src/agreement/calibrationExport.ts';
import { RULE_IDS, type CheckResult, type RuleId, type Verdict } from '../shared/checkResult.ts';
import { result } from '../shared/checks/result.ts';
import type { Database } from '../server/src/db/schema.ts';
import { createPgDatabase } from '../tests/integration/server-harness.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? '100000');
const BOOTHS = 8;
const DAYS = 30;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** A fixed pseudo-random sequence (mulberry32), so every run stores the same decisions. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(16);
const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

/** One photo's verdicts on every rule: each rule warns 5% and fails 0.5% of the time (a fail reaches the service only overridden). */
function photo(): { checks: CheckResult[]; overrides: { ruleId: RuleId; reason: string }[] } {
  const checks: CheckResult[] = [];
  const overrides: { ruleId: RuleId; reason: string }[] = [];
  for (const id of RULE_IDS) {
    const roll = next();
    const verdict: Verdict = roll < 0.005 ? 'fail' : roll < 0.055 ? 'warn' : 'pass';
    checks.push(result(id, verdict, Math.round(next() * 1000) / 1000, { max: 0.5, unit: 'share' }));
    if (verdict === 'fail') overrides.push({ ruleId: id, reason: 'staff judged the photo fine' });
  }
  return { checks, overrides };
}

/** 12% rejected (one or two reasons, mostly a rule the booth raised), 20% of approvals with a raised rule flag one. */
function decision(checks: CheckResult[]): { state: string; reasons: RuleId[]; flags: RuleId[] } {
  const raised = checks.filter((c) => c.verdict !== 'pass').map((c) => c.id);
  if (next() < 0.12) {
    const reasons = new Set<RuleId>([raised.length > 0 && next() < 0.7 ? pick(raised) : pick(RULE_IDS)]);
    if (next() < 0.3) reasons.add(pick(RULE_IDS));
    return { state: 'rejected', reasons: [...reasons], flags: [] };
  }
  return { state: next() < 0.8 ? 'done' : 'approved', reasons: [], flags: raised.length > 0 && next() < 0.2 ? [pick(raised)] : [] };
}

const pgDb = await createPgDatabase();
const dataDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-bench-agreement-'));
try {
  const opened = await openDatabase({ databaseUrl: pgDb.url, dataDir });
  const { db } = opened;
  const boothIds = Array.from({ length: BOOTHS }, (_, i) => ulid(Date.now() - i));
  const schools = ['华东示范大学', '西南示范职业技术学院', '北方示范理工大学'];
  const t0 = Date.now() - DAYS * 86_400_000;
  const step = (DAYS * 86_400_000) / RECORDS;
  const fill0 = performance.now();
  let outcomeRows = 0;
  for (let done = 0; done < RECORDS;) {
    const submissions: Insertable<Database['submissions']>[] = [];
    const outcomes: Database['rule_outcomes'][] = [];
    for (let i = 0; i < Math.min(1000, RECORDS - done); i += 1) {
      const n = done + i;
      const at = Math.round(t0 + n * step);
      const { checks, overrides } = photo();
      const d = decision(checks);
      const row = {
        id: ulid(at), booth_id: boothIds[n % BOOTHS]!, code_sha256: sha256(`bench-${n}`), state: d.state, degree_category: '本科', school: schools[n % schools.length]!,
        metadata: JSON.stringify({ checks, overrides }), metadata_sha256: sha256(`m${n}`), standardized_sha256: sha256(`p${n}`), original_sha256: sha256(`o${n}`),
        status_secret_sha256: sha256(`s${n}`), received_at: at - 600_000, updated_at: at, decided_at: at, decided_by: 'user:bench', reasons: JSON.stringify(d.reasons),
        flags: JSON.stringify(d.flags), note: '', batch_id: null,
      };
      submissions.push(row);
      outcomes.push(...ruleOutcomeRows(row));
    }
    await db.insertInto('submissions').values(submissions).execute();
    for (let i = 0; i < outcomes.length; i += 2000) await db.insertInto('rule_outcomes').values(outcomes.slice(i, i + 2000)).execute();
    outcomeRows += outcomes.length;
    done += submissions.length;
  }
  // fresh planner statistics, as autovacuum would have them on a service that grew to this size
  const analyze = new pg.Client({ connectionString: pgDb.url });
  await analyze.connect();
  await analyze.query('VACUUM ANALYZE submissions, rule_outcomes');
  await analyze.end();
  console.log(`stored ${RECORDS} decided submissions (${RULE_IDS.length} rules each) and ${outcomeRows} rule_outcomes rows in ${((performance.now() - fill0) / 1000).toFixed(0)} s`);

  const time = async (filter: AgreementFilter, runs: number): Promise<{ p50: number; p99: number; decided: number }> => {
    const timings: number[] = [];
    let decided = 0;
    for (let i = 0; i < runs; i += 1) {
      const q0 = performance.now();
      decided = (await agreementReport(db, filter)).decided;
      timings.push(performance.now() - q0);
    }
    timings.sort((a, b) => a - b);
    return { p50: percentile(timings, 50), p99: percentile(timings, 99), decided };
  };
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`);
  const all = await time({}, 30);
  console.log(`report over all ${all.decided} decisions`);
  console.log(`bench: agreement_report_ms ${all.p50.toFixed(2)} ms`);
  console.log(`bench: agreement_report_p99_ms ${all.p99.toFixed(2)} ms`);
  const week = { boothId: boothIds[0]!, from: t0 + 7 * 86_400_000, to: t0 + 14 * 86_400_000 };
  const oneBoothWeek = await time(week, 30);
  console.log(`report over one booth's week: ${oneBoothWeek.decided} decisions`);
  console.log(`bench: agreement_report_booth_week_ms ${oneBoothWeek.p50.toFixed(2)} ms`);

  // the calibration export of one week, every booth: what an admin downloads to refit thresholds
  const e0 = performance.now();
  let bytes = 0;
  let lines = -1;
  for await (const chunk of calibrationExport(db, { from: week.from, to: week.to })) {
    bytes += chunk.length;
    lines += chunk.split('\n').length - 1;
  }
  const exportSeconds = (performance.now() - e0) / 1000;
  console.log(`calibration export of one week: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${exportSeconds.toFixed(1)} s`);
  console.log(`bench: calibration_export_rows_per_s ${(lines / exportSeconds).toFixed(0)} rows/s`);
  await closeDatabase(opened);
} finally {
  await pgDb.drop();
  await rm(dataDir, { recursive: true, force: true });
}
