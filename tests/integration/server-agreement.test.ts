// The agreement report and the calibration export against the real service process, on SQLite and
// PostgreSQL: two booths upload photos with known check verdicts and staff overrides through their
// outboxes, a reviewer decides them (rejections for a rule, for other reasons, approvals with
// false-alarm flags), and the API, its CSV and the export give exactly the counts and rates worked
// out by hand below; the export holds no personal value (the canary search of the booth's store
// test); `eval:checks --field` refits on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadPhotoPairs, type PhotoPair } from './fixtures/boothPhotos.ts';
import { SAMPLE_CHECKS } from './fixtures/boothStoreSetup.ts';
import { leaksIn } from './fixtures/canaryForms.ts';
import {
  acceptTestSubmission, createPgDatabase, drainOutbox, issueCodes, makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin, withServiceDb, type TestBooth,
} from './server-harness.ts';
import { backfillRuleOutcomes } from '../../server/src/agreement/ruleOutcomes.ts';
import { RULE_IDS, type CheckResult, type RuleId, type Threshold, type Verdict } from '../../shared/checkResult.ts';
import { parseCsv } from '../../shared/csv.ts';
import { DEMO_ROSTER } from '../../server/src/codes/simulatorResolver.ts';
import type { AgreementReport, RuleAgreement } from '../../server/src/agreement/agreementReport.ts';

const ADMIN_PASSWORD = 'admin password 1';
const REVIEWER_PASSWORD = 'reviewer password 1';
const SCHOOL_A = '华东示范大学';
const SCHOOL_B = '北方示范理工大学';
const OVERRIDE_CANARY = 'override-canary-Qz81Lw';
const NOTE_CANARY = 'note-canary-Kx42Vm';

const HAIR: Threshold = { min: 0.6, unit: 'ratio' };
const LIGHT: Threshold = { max: 0.25, unit: 'L* ratio' };
const EARRINGS: Threshold = { max: 0.2, unit: 'share' };
const check = (id: RuleId, verdict: Verdict, value: number, threshold: Threshold): CheckResult => ({ id, verdict, value, threshold, message_zh: `${id} ${verdict}`, message_en: `${id} ${verdict}` });

interface Case {
  booth: 'A' | 'B';
  hair: [Verdict, number];
  light?: [Verdict, number];
  earrings?: [Verdict, number];
  overrides?: RuleId[];
  /** null: left pending */
  decision: { approve: true; flags?: RuleId[] } | { approve: false; reasons: string[]; note?: string } | null;
}

// Hair values are all different, so an export sample is recognised by its hair.ears value.
const CASES: Case[] = [
  /* 1 */ { booth: 'A', hair: ['pass', 0.9], decision: { approve: true } },
  /* 2 */ { booth: 'A', hair: ['warn', 0.55], decision: { approve: true, flags: ['hair.ears'] } },
  /* 3 */ { booth: 'A', hair: ['fail', 0.2], overrides: ['hair.ears'], decision: { approve: false, reasons: ['hair.ears'] } },
  /* 4 */ { booth: 'A', hair: ['fail', 0.3], overrides: ['hair.ears'], decision: { approve: true, flags: ['hair.ears'] } },
  /* 5 */ { booth: 'A', hair: ['pass', 0.8], light: ['warn', 0.28], decision: { approve: false, reasons: ['light.balance'] } },
  /* 6 */ { booth: 'A', hair: ['pass', 0.85], decision: { approve: false, reasons: ['hair.ears'] } },
  // ---- the period filter's start falls here ----
  /* 7 */ { booth: 'A', hair: ['warn', 0.5], light: ['warn', 0.27], decision: { approve: false, reasons: ['light.balance'] } },
  /* 8 */ { booth: 'A', hair: ['pass', 0.88], earrings: ['warn', 0.25], decision: { approve: true } },
  /* 9 */ { booth: 'B', hair: ['fail', 0.25], overrides: ['hair.ears'], decision: { approve: true } },
  /* 10 */ { booth: 'B', hair: ['warn', 0.58], earrings: ['fail', 0.6], overrides: ['wear.earrings'], decision: { approve: false, reasons: ['hair.ears', 'wear.earrings'] } },
  /* 11 */ { booth: 'B', hair: ['pass', 0.92], light: ['warn', 0.26], decision: { approve: true, flags: ['light.balance'] } },
  /* 12 */ { booth: 'B', hair: ['pass', 0.95], decision: { approve: false, reasons: ['other'], note: NOTE_CANARY } },
  /* 13 */ { booth: 'A', hair: ['pass', 0.7], earrings: ['fail', 0.7], decision: { approve: false, reasons: ['wear.earrings'] } },
  /* 14 */ { booth: 'A', hair: ['warn', 0.52], decision: null },
];
const PERIOD_STARTS_AT = 6;

function checksOf(c: Case): CheckResult[] {
  return [
    ...SAMPLE_CHECKS,
    check('hair.ears', ...c.hair, HAIR),
    check('light.balance', ...(c.light ?? ['pass', 0.1] as [Verdict, number]), LIGHT),
    check('wear.earrings', ...(c.earrings ?? ['pass', 0.02] as [Verdict, number]), EARRINGS),
  ];
}

const cells = (pass: [number, number], warn: [number, number], fail: [number, number], overridden: [number, number], unchecked: [number, number] = [0, 0]) => ({
  pass: { rejected: pass[0], other: pass[1] }, warn: { rejected: warn[0], other: warn[1] }, fail: { rejected: fail[0], other: fail[1] },
  overridden: { rejected: overridden[0], other: overridden[1] }, unchecked: { rejected: unchecked[0], other: unchecked[1] },
});

const dialects = [
  { name: 'SQLite', postgres: false },
  { name: 'PostgreSQL', postgres: true },
] as const;

describe.each(dialects)('agreement report and calibration export on $name', ({ postgres }) => {
  let dataDir = '';
  let pgDb: { url: string; drop(): Promise<void> } | null = null;
  let service: ServiceProcess;
  let admin: Awaited<ReturnType<typeof staffLogin>>;
  let reviewer: Awaited<ReturnType<typeof staffLogin>>;
  const booths: Record<'A' | 'B', TestBooth | null> = { A: null, B: null };
  const ids: string[] = [];
  const personal: [string, string][] = [];
  let unverifiedId = '';
  let periodStart = 0;

  const report = async (query = ''): Promise<AgreementReport> => {
    const res = await admin(`/api/v1/admin/agreement${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as AgreementReport;
  };
  const rule = (r: AgreementReport, id: RuleId): RuleAgreement => r.rules.find((x) => x.ruleId === id)!;
  const decide = (id: string, body: unknown) => reviewer(`/review/api/submissions/${id}/decision`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    dataDir = await makeTempDir('agreement');
    if (postgres) pgDb = await createPgDatabase();
    const env = { DATA_DIR: dataDir, ...(pgDb ? { DATABASE_URL: pgDb.url } : {}) };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
    service = new ServiceProcess(env);
    await service.start();
    admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    expect((await admin('/admin/api/users', { method: 'POST', body: JSON.stringify({ username: 'rev', password: REVIEWER_PASSWORD, role: 'reviewer' }) })).status).toBe(200);
    reviewer = await staffLogin(service.url, 'rev', REVIEWER_PASSWORD);
    for (const [key, school] of [['A', SCHOOL_A], ['B', SCHOOL_B]] as const) {
      const res = await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: `booth ${key}`, school, degreeCategories: ['本科', '硕士研究生', '专科', '第二学士学位', '博士研究生'], paymentMode: 'free' }) });
      const booth = await openBooth();
      booths[key] = booth;
      await booth.sync.enroll(service.url, ((await res.json()) as { code: string }).code, `booth ${key}`);
    }

    // students of booth A's school at booth A, of booth B's at booth B, so the school filter picks booth B's
    const codes = await issueCodes(pgDb?.url, dataDir, 60);
    const of = (school: string) => codes.map((c, i) => ({ ...c, student: DEMO_ROSTER[i]! })).filter((c) => c.student.school === school);
    const pools = { A: of(SCHOOL_A), B: of(SCHOOL_B) };
    const photos: PhotoPair[] = await loadPhotoPairs();
    for (const [i, c] of CASES.entries()) {
      const code = pools[c.booth].shift()!;
      const overrides = (c.overrides ?? []).map((ruleId) => ({ ruleId, reason: `${OVERRIDE_CANARY} ${i}` }));
      const { submissionId, secret } = await acceptTestSubmission(booths[c.booth]!, photos[i % photos.length]!, code, checksOf(c), 'verified', overrides);
      ids.push(submissionId);
      personal.push([`code ${i}`, code.code], [`last4 ${i}`, code.last4], [`name ${i}`, code.student.name], [`secret ${i}`, secret], [`submission id ${i}`, submissionId]);
    }
    // an offline capture whose last 4 do not match: the resolver rejects it, no reviewer decided it
    const wrong = pools.A.shift()!;
    unverifiedId = (await acceptTestSubmission(booths.A!, photos[0]!, { ...wrong, last4: wrong.last4 === '0000' ? '1111' : '0000' }, checksOf(CASES[2]!), 'deferred')).submissionId;
    for (const b of [booths.A!, booths.B!]) await drainOutbox(b);
    expect(booths.A!.store.submissionCounts().acknowledged + booths.B!.store.submissionCounts().acknowledged).toBe(CASES.length + 1);
    personal.push(['override reason', OVERRIDE_CANARY], ['reviewer note', NOTE_CANARY]);

    for (const [i, c] of CASES.entries()) {
      if (i === PERIOD_STARTS_AT) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        periodStart = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!c.decision) continue;
      const body = c.decision.approve ? { decision: 'approve', flags: c.decision.flags ?? [] } : { decision: 'reject', reasons: c.decision.reasons, note: c.decision.note ?? '' };
      const res = await decide(ids[i]!, body);
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });

  afterAll(async () => {
    for (const b of Object.values(booths)) await b?.close();
    await service?.stop();
    await pgDb?.drop();
    await removeDir(dataDir);
  });

  it('counts every reviewer decision per rule as booth verdict × reviewer outcome, with the derived rates, worst rule first', async () => {
    const r = await report();
    // 13 reviewer decisions: the pending photo and the resolver's identity rejection are not counted
    expect(r.decided).toBe(13);
    // every rule id of the spec, reported by the booths or not
    expect(r.rules).toHaveLength(RULE_IDS.length);
    expect(r.rules.slice(0, 3).map((x) => x.ruleId)).toEqual(['hair.ears', 'light.balance', 'wear.earrings']);
    expect(rule(r, 'hair.ears')).toEqual({
      ruleId: 'hair.ears',
      counts: cells([1, 6], [1, 2], [0, 0], [1, 2]),
      reviewerFlags: 2, failPrecision: 1 / 3, recall: 2 / 3,
      overrides: { upheld: 2, rejected: 1, upheldRate: 2 / 3 },
    });
    expect(rule(r, 'light.balance')).toEqual({
      ruleId: 'light.balance', counts: cells([0, 10], [2, 1], [0, 0], [0, 0]),
      reviewerFlags: 1, failPrecision: null, recall: 1, overrides: { upheld: 0, rejected: 0, upheldRate: null },
    });
    expect(rule(r, 'wear.earrings')).toEqual({
      ruleId: 'wear.earrings', counts: cells([0, 10], [0, 1], [1, 0], [1, 0]),
      reviewerFlags: 0, failPrecision: 1, recall: 1, overrides: { upheld: 0, rejected: 1, upheldRate: 0 },
    });
    expect(rule(r, 'file.size').counts).toEqual(cells([0, 13], [0, 0], [0, 0], [0, 0]));
    // a rule the booths did not report at all
    expect(rule(r, 'eyes.open')).toMatchObject({ counts: cells([0, 0], [0, 0], [0, 0], [0, 0], [0, 13]), failPrecision: null, recall: null });
  });

  it('narrows to one booth, one school or a period', async () => {
    const boothB = booths.B!.sync.status().boothId!;
    const onlyB = await report(`?boothId=${boothB}`);
    expect(onlyB.decided).toBe(4);
    expect(rule(onlyB, 'hair.ears')).toMatchObject({ counts: cells([0, 2], [1, 0], [0, 0], [0, 1]), failPrecision: 0, recall: 1, overrides: { upheld: 1, rejected: 0, upheldRate: 1 } });
    const school = await report(`?school=${encodeURIComponent(SCHOOL_B)}`);
    expect(school.rules).toEqual(onlyB.rules);
    expect(school.filter).toEqual({ from: null, to: null, boothId: null, school: SCHOOL_B });

    const late = await report(`?from=${periodStart}&to=${Date.now() + 60_000}`);
    expect(late.decided).toBe(7);
    expect(rule(late, 'hair.ears')).toMatchObject({ counts: cells([0, 4], [1, 1], [0, 0], [0, 1]), reviewerFlags: 0, failPrecision: 0, recall: 1 });
    expect(rule(late, 'light.balance')).toMatchObject({ counts: cells([0, 5], [1, 1], [0, 0], [0, 0]), reviewerFlags: 1 });
    expect((await report(`?to=${periodStart}`)).decided).toBe(6);

    const bad = await admin(`/api/v1/admin/agreement?from=${Date.now()}&to=1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('from must be before to');
  });

  it('serves the same report as CSV, one line per rule, worst first', async () => {
    const res = await admin('/api/v1/admin/agreement.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [head, ...lines] = parseCsv(await res.text());
    expect(lines).toHaveLength(RULE_IDS.length);
    const line = (id: string) => Object.fromEntries(head!.map((h, i) => [h, lines.find((l) => l[0] === id)![i]]));
    expect(lines.slice(0, 3).map((l) => l[0])).toEqual(['hair.ears', 'light.balance', 'wear.earrings']);
    expect(line('hair.ears')).toEqual({
      rule: 'hair.ears', decided: '13', pass_rejected: '1', pass_other: '6', warn_rejected: '1', warn_other: '2', fail_rejected: '0', fail_other: '0',
      overridden_rejected: '1', overridden_other: '2', unchecked_rejected: '0', unchecked_other: '0', reviewer_flags: '2',
      fail_precision: '0.3333', recall: '0.6667', overrides_upheld: '2', overrides_rejected: '1', override_upheld_rate: '0.6667',
    });
    expect(line('light.balance')).toMatchObject({ fail_precision: '', recall: '1.0000', reviewer_flags: '1' });
  });

  it('exports each decided photo\'s rules with value, verdict, override and the reviewer\'s outcome, and no personal data', async () => {
    const res = await admin('/api/v1/admin/calibration-export.csv');
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const [head, ...records] = parseCsv(bytes.toString('utf8'));
    expect(head).toEqual(['sample', 'rule', 'value', 'unit', 'threshold_min', 'threshold_max', 'verdict', 'overridden', 'outcome']);
    expect(records).toHaveLength(13 * 5);
    const bySample = new Map<string, string[][]>();
    for (const r of records) bySample.set(r[0]!, [...(bySample.get(r[0]!) ?? []), r]);
    expect([...bySample.keys()].map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    const outcome = (c: Case, id: RuleId): string => {
      const d = c.decision!;
      if (d.approve) return d.flags?.includes(id) ? 'flagged' : 'approved';
      return d.reasons.includes(id) ? 'rejected' : 'other';
    };
    for (const rows of bySample.values()) {
      const hair = rows.find((r) => r[1] === 'hair.ears')!;
      const c = CASES.find((x) => String(x.hair[1]) === hair[2])!;
      expect(c.decision).not.toBeNull();
      const expected = checksOf(c).map((k) => [hair[0], k.id, String(k.value), k.threshold.unit, String(k.threshold.min ?? ''), String(k.threshold.max ?? ''), k.verdict,
        c.overrides?.includes(k.id) ? '1' : '0', outcome(c, k.id)]);
      expect(rows).toEqual(expected);
    }

    // the canary search: codes, ID digits, names, receipt secrets, submission ids, the staff's override reason, the reviewer's note
    const values: [string, string][] = [...personal, ['unverified submission', unverifiedId]];
    expect(leaksIn(bytes, values)).toEqual([]);
    // no photo: the export is printable ASCII, and holds no piece of a photo in base64 or hex
    expect(bytes.toString('latin1')).toMatch(/^[\x20-\x7e\r\n]*$/);
    for (const p of await loadPhotoPairs()) {
      for (const jpeg of [p.standardizedJpeg, p.originalJpeg]) {
        const piece = jpeg.subarray(300, 348);
        for (const text of [piece.toString('base64'), piece.toString('base64url'), piece.toString('hex')]) expect(bytes.includes(Buffer.from(text))).toBe(false);
      }
    }
    const reportBytes = Buffer.concat([Buffer.from(await (await admin('/api/v1/admin/agreement')).arrayBuffer()), Buffer.from(await (await admin('/api/v1/admin/agreement.csv')).arrayBuffer())]);
    expect(leaksIn(reportBytes, values)).toEqual([]);
    // the search does find a value that is there
    expect(leaksIn(Buffer.concat([bytes, Buffer.from(personal[0]![1])]), values).map((l) => l.value)).toContain(personal[0]![0]);
  });

  it('refuses a flag the booth verdict does not allow, keeps decisions immutable and audits the flags', async () => {
    const pending = ids[13]!;
    // hair.ears warned on this photo; file.size passed, so there is nothing to call a false alarm
    const onPass = await decide(pending, { decision: 'approve', flags: ['file.size'] });
    expect(onPass.status).toBe(400);
    expect(((await onPass.json()) as { error: string }).error).toBe('bad_flag');
    expect((await decide(pending, { decision: 'reject', reasons: ['hair.ears'], flags: ['hair.ears'] })).status).toBe(400);
    // the refused decisions changed nothing: the photo is still pending and uncounted
    expect(((await (await reviewer(`/review/api/submissions/${pending}`)).json()) as { state: string }).state).toBe('pending');
    expect((await report()).decided).toBe(13);

    const before = await report();
    const again = await decide(ids[1]!, { decision: 'reject', reasons: ['hair.ears'] });
    expect(again.status).toBe(409);
    expect(await report()).toEqual(before);

    const audit = (await (await reviewer(`/review/api/audit?subject=${ids[3]}`)).json()) as { action: string; actor: string; detail: { flags: string[] } }[];
    expect(audit.find((a) => a.action === 'submission.approved')).toMatchObject({ actor: 'user:rev', detail: { flags: ['hair.ears'] } });
    expect(((await (await reviewer(`/review/api/submissions/${ids[3]}`)).json()) as { flags: string[] }).flags).toEqual(['hair.ears']);
  });

  it('only admins get the report; the OpenAPI document describes it', async () => {
    expect((await reviewer('/api/v1/admin/agreement')).status).toBe(403);
    expect((await fetch(`${service.url}/api/v1/admin/calibration-export.csv`)).status).toBe(401);
    const doc = (await (await fetch(`${service.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    for (const p of ['/api/v1/admin/agreement', '/api/v1/admin/agreement.csv', '/api/v1/admin/calibration-export.csv']) {
      expect(Object.keys(doc.paths[p]!.get!.responses).sort()).toEqual(['200', '400', '401', '403']);
    }
  });

  it('npm run eval:checks -- --field refits thresholds on the export with the labelled sets\' cross-validation table', async () => {
    // kept in test-output: `npm run eval:checks -- --field test-output/calibration-export-<dialect>.csv` by hand
    await mkdir('test-output', { recursive: true });
    const file = path.resolve('test-output', `calibration-export-${postgres ? 'postgresql' : 'sqlite'}.csv`);
    await writeFile(file, Buffer.from(await (await admin('/api/v1/admin/calibration-export.csv')).arrayBuffer()));
    const out = await runTool('tools/evalChecks.ts', ['--field', file], {});
    expect(out).toContain('# Compliance checks on reviewer decisions: 13 photos in');
    // the same held-out table as for the labelled sets
    expect(out).toContain('| rule | labels | n | positives | unmeasured | fails right / wrong | fail precision | violations flagged / missed | recall (warn or fail) | clean photos warned | may block (held out) | recorded (blocking.ts) |');
    const rowOf = (id: string, from = 0) => out.split('\n').slice(from).find((l) => l.startsWith(`| ${id} |`))!.split('|').map((c) => c.trim());
    // hair.ears: 13 photos, 3 rejected for it (#3, #6, #10); held-out flagged + missed = the positives
    const hair = rowOf('hair.ears');
    expect(hair.slice(2, 6)).toEqual(['field: reviewer rejected for this rule', '13', '3', '0']);
    const [flaggedRight, missed] = (hair[8] ?? '').split(' / ').map(Number);
    expect((flaggedRight ?? 0) + (missed ?? 0)).toBe(3);
    // the shipped rule, scored on these labels: 3 fails (1 rejected for hair), 6 flagged of which 2 rejected for hair
    const thresholds = out.split('\n').findIndex((l) => l.startsWith('## Thresholds tuned on all labels'));
    expect(rowOf('hair.ears', thresholds)[4]).toBe('1 / 2, 2 / 1');
    expect(rowOf('file.size')[11]).toBe('one class only');
  });

  it('the migration\'s backfill of decisions made before the report existed gives the rows the decisions wrote', async () => {
    await withServiceDb(pgDb?.url, dataDir, async (db) => {
      const read = () => db.selectFrom('rule_outcomes').selectAll().orderBy('submission_id').orderBy('rule_id').execute();
      const written = await read();
      // per decision the rules the booths did not report, plus one row per rule they did not pass or
      // the reviewer rejected for: 13 such (cases 2–11 and 13; case 7 and 10 have two)
      const unreported = RULE_IDS.length - checksOf(CASES[0]!).length;
      expect(written.length).toBe(13 * unreported + 13);
      await db.deleteFrom('rule_outcomes').execute();
      await backfillRuleOutcomes(db);
      expect(await read()).toEqual(written);
    });
    expect(rule(await report(), 'hair.ears').counts).toEqual(cells([1, 6], [1, 2], [0, 0], [1, 2]));
  });
});
