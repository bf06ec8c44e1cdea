// `npm run eval:checks`: every compliance rule against the labelled sets of ../shared/eval-data,
// precision first. For each rule, thresholds are tuned by stratified 5-fold cross-validation
// (tools/policyTuning.ts): a warn threshold for recall, a fail threshold only where the training
// folds show fails to be right; every figure printed is from the held-out folds. A rule may block a
// student only where its held-out fail precision is ≥ 0.95 (shared/checks/blocking.ts records the
// figure; this prints both). Last, the false-block rate: booth-rules-dev photos that no label marks
// as violating anything, and which of them some rule would still fail.
import { BLOCKING, WARN_ONLY } from '../shared/checks/blocking.ts';
import { RULES } from '../shared/checks/registry.ts';
import type { RuleId } from '../shared/checkResult.ts';
import { labelCorrections, loadAllSets, type EvalSample } from './evalSets.ts';
import { cleanOnEveryLabel, TASKS, type RuleTask } from './evalTasks.ts';
import { withInterval } from './evalStatistics.ts';
import { countVerdicts, crossValidate, mayBlock, POLICY, type CrossValidation, type PolicyCounts, type Scored, type Thresholds, type Verdict3 } from './policyTuning.ts';

const FOLDS = 5;

interface RuleEvaluation {
  task: RuleTask;
  scored: Scored<EvalSample>[];
  /** labelled but not measured (the rule warned for a reviewer) */
  unmeasured: EvalSample[];
  /** null: one class only, nothing to tune; `all` null: the spec's fixed limit, not tuned */
  cv: (Omit<CrossValidation<EvalSample>, 'all'> & { all: Thresholds | null }) | null;
}

function evaluate(task: RuleTask, samples: readonly EvalSample[]): RuleEvaluation {
  const scored: Scored<EvalSample>[] = [];
  const unmeasured: EvalSample[] = [];
  for (const s of samples) {
    const truth = task.truth(s);
    if (truth === null) continue;
    const value = s.results.get(task.rule)?.value ?? null;
    if (value === null) unmeasured.push(s);
    else scored.push({ item: s, score: (task.score ?? ((v) => v))(value), truth });
  }
  if (task.fixed) {
    // nothing is tuned, so the shipped verdicts are held out already
    const heldOut = scored.map((x) => ({ item: x.item, truth: x.truth, verdict: x.item.results.get(task.rule)?.verdict ?? 'pass' }));
    return { task, scored, unmeasured, cv: { heldOut, perFold: [], all: null } };
  }
  const positives = scored.filter((x) => x.truth).length;
  const tunable = positives > 0 && positives < scored.length;
  return { task, scored, unmeasured, cv: tunable ? crossValidate(scored, FOLDS) : null };
}

/** Held-out verdicts with the policy applied: a rule that may not block (measured, or warn-only by spec) warns instead of failing. */
function policyVerdicts(e: RuleEvaluation): Map<EvalSample, Verdict3> {
  const out = new Map<EvalSample, Verdict3>();
  if (!e.cv) return out;
  const blocks = ruleMayBlock(e);
  for (const h of e.cv.heldOut) out.set(h.item, h.verdict === 'fail' && !blocks ? 'warn' : h.verdict);
  return out;
}

function heldOutCounts(e: RuleEvaluation, set?: string): PolicyCounts | null {
  if (!e.cv) return null;
  return countVerdicts(e.cv.heldOut.filter((h) => set === undefined || h.item.set === set));
}

function ruleMayBlock(e: RuleEvaluation): boolean {
  if (WARN_ONLY.includes(e.task.rule)) return false;
  if (e.task.fixed) return BLOCKING[e.task.rule]?.kind === 'engine-refusal';
  const c = heldOutCounts(e);
  return c !== null && mayBlock(c);
}

const fmt = (n: number | null): string => (n === null ? '—' : Number.isFinite(n) ? (Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(3)) : '—');
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
const header = (cells: string[]): string => `${row(cells)}\n${row(cells.map(() => '---'))}`;

function thresholdCell(task: RuleTask, t: Thresholds): string {
  const back = task.unscore ?? ((v: number) => v);
  return `warn ${fmt(back(t.warn))}${t.fail === null ? '' : `, fail ${fmt(back(t.fail))}`}`;
}

function recorded(rule: RuleId): string {
  const b = BLOCKING[rule];
  if (!b) return WARN_ONLY.includes(rule) ? 'warn-only (spec)' : 'warns';
  return b.kind === 'held-out' ? `blocks: ${b.precision.toFixed(2)} over ${b.fails} (${b.labels})` : `blocks: engine refuses (${b.refusal})`;
}

function countsRow(c: PolicyCounts | null): string[] {
  if (!c) return ['', '', '—', '', '—'];
  return [`${c.failTp} / ${c.failFp}`, withInterval(c.failTp, c.failTp + c.failFp), `${c.flagTp} / ${c.flagFn}`, withInterval(c.flagTp, c.flagTp + c.flagFn), `${c.warnFp} of ${c.negatives}`];
}

function printRuleTable(evaluations: readonly RuleEvaluation[], set: string | undefined, title: string): void {
  console.log(`\n## ${title}\n`);
  console.log(header(['rule', 'labels', 'n', 'positives', 'unmeasured', 'fails right / wrong', 'fail precision', 'violations flagged / missed', 'recall (warn or fail)', 'clean photos warned', 'may block (held out)', 'recorded (blocking.ts)']));
  for (const e of evaluations) {
    const items = e.scored.filter((x) => set === undefined || x.item.set === set);
    const unmeasured = e.unmeasured.filter((s) => set === undefined || s.set === set).length;
    if (items.length === 0 && unmeasured === 0) continue;
    const positives = items.filter((x) => x.truth).length;
    const c = heldOutCounts(e, set);
    const blocks = e.cv ? (ruleMayBlock(e) ? 'yes' : 'no') : 'one class only';
    console.log(row([e.task.rule, e.task.labels, items.length + unmeasured, positives, unmeasured, ...countsRow(c), blocks, recorded(e.task.rule)]));
  }
}

/** `--explain RULE`: the photos a rule gets wrong on its held-out folds, with their values: what to look at. */
function explain(e: RuleEvaluation): void {
  console.log(`\n## ${e.task.rule}: held-out mistakes\n`);
  const score = new Map(e.scored.map((x) => [x.item, x.score]));
  for (const h of e.cv?.heldOut ?? []) {
    const wrong = (h.verdict === 'fail' && !h.truth) || (h.verdict === 'pass' && h.truth) || (h.verdict === 'warn' && !h.truth);
    if (!wrong) continue;
    const kind = h.truth ? 'missed' : h.verdict === 'fail' ? 'WRONG FAIL' : 'warned clean';
    console.log(`- ${kind}: ${h.item.set}/${h.item.name} score ${fmt(score.get(h.item) ?? null)}${h.item.labels.notes ? ` (${h.item.labels.notes})` : ''}`);
  }
  for (const s of e.unmeasured) console.log(`- unmeasured: ${s.set}/${s.name} ${s.results.get(e.task.rule)?.message_en ?? ''}`);
}

async function main(): Promise<void> {
  const explainRule = process.argv.includes('--explain') ? process.argv[process.argv.indexOf('--explain') + 1] : undefined;
  const samples = await loadAllSets();
  const bySet = (set: string): number => samples.filter((s) => s.set === set).length;
  console.log(`# Compliance checks on ../shared/eval-data: ${samples.length} photos (booth-rules-dev ${bySet('booth')}, celeba ${bySet('celeba')}, ffhq ${bySet('ffhq')}, portraits ${bySet('hivision') + bySet('portraits')} unlabelled)\n`);
  console.log(`Thresholds tuned by stratified ${FOLDS}-fold cross-validation on every set that labels the rule; every count below is from the held-out folds.`);
  console.log(`Warn threshold: the highest with training recall ≥ ${POLICY.recallAim}, unless that warns over ${POLICY.maxCleanWarn} of the clean training photos (then the lowest that does not); fail threshold: the lowest above it with training fail precision ≥ ${POLICY.precisionAim} over ≥ ${POLICY.minTrainFails} fails.`);
  console.log(`booth-rules-dev labels corrected (tools/labelCorrections.csv, reasons there): ${labelCorrections().map((c) => `${c.file} ${c.column} ${c.was}→${c.now}`).join('; ')}`);
  console.log(`A rule may block only with held-out fail precision ≥ ${POLICY.blockingPrecision} over ≥ ${POLICY.minHeldOutFails} held-out fails (brackets: 95% Wilson intervals). "Recall" counts warn or fail with a measured value.`);

  const evaluations = TASKS.map((t) => evaluate(t, samples));
  if (explainRule) {
    const e = evaluations.find((x) => x.task.rule === explainRule);
    if (!e) throw new Error(`--explain: no labelled rule ${explainRule}; labelled: ${evaluations.map((x) => x.task.rule).join(', ')}`);
    explain(e);
    return;
  }
  printRuleTable(evaluations, 'booth', 'booth-rules-dev, held out');
  printRuleTable(evaluations, undefined, 'Every labelled set pooled, held out');

  console.log('\n## Thresholds tuned on all labels (what would ship), with the per-fold values\n');
  console.log(header(['rule', 'on all labels', 'per fold', 'shipped verdicts: fails right / wrong, flagged / missed (seen labels)']));
  for (const e of evaluations) {
    if (!e.cv?.all) continue;
    const shipped = countVerdicts(e.scored.map((x) => ({ truth: x.truth, verdict: x.item.results.get(e.task.rule)?.verdict ?? 'pass' })));
    console.log(row([e.task.rule, thresholdCell(e.task, e.cv.all), e.cv.perFold.map((t) => thresholdCell(e.task, t)).join('; '), `${shipped.failTp} / ${shipped.failFp}, ${shipped.flagTp} / ${shipped.flagFn}`]));
  }

  const unlabelled = RULES.filter((r) => !TASKS.some((t) => t.rule === r.id));
  console.log(`\nNo labels (shipped thresholds, calibration.ts): ${unlabelled.map((r) => `${r.id} (${recorded(r.id)})`).join(', ')}`);

  // the false-block rate: held-out policy verdicts for tuned rules, the shipped verdict for the rest
  const heldOut = new Map(evaluations.map((e) => [e.task.rule, policyVerdicts(e)] as const));
  const clean = samples.filter(cleanOnEveryLabel);
  const blockedBy = (s: EvalSample, verdictOf: (rule: RuleId) => Verdict3): RuleId[] => RULES.filter((r) => verdictOf(r.id) === 'fail').map((r) => r.id);
  const shippedVerdict = (s: EvalSample) => (rule: RuleId): Verdict3 => s.results.get(rule)?.verdict ?? 'pass';
  const heldOutVerdict = (s: EvalSample) => (rule: RuleId): Verdict3 => heldOut.get(rule)?.get(s) ?? shippedVerdict(s)(rule);
  console.log(`\n## False blocks: the ${clean.length} booth-rules-dev photos no label marks as violating any rule\n`);
  for (const [name, verdictOf] of [['held out', heldOutVerdict], ['shipped thresholds', shippedVerdict]] as const) {
    const blocked = clean.map((s) => ({ s, rules: blockedBy(s, verdictOf(s)) })).filter((x) => x.rules.length > 0);
    console.log(`- ${name}: false-block rate ${withInterval(blocked.length, clean.length)} (${blocked.length} of ${clean.length})${blocked.map((x) => `\n  - ${x.s.name}: ${x.rules.join(', ')}`).join('')}`);
  }
}

await main();
