// The contract of runStillChecks over every photo of the eval sets: every spec §7 rule that is not a
// file, geometry or background rule is reported once, in the shared format; nothing unmeasured
// passes silently; the warn-only rules never fail; the messages speak Chinese to the student.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';
import { CheckResultSchema, RULE_IDS, type CheckResult } from '../../shared/checkResult.ts';
import { runStillChecks } from '../../shared/checks/runChecks.ts';
import { WARN_ONLY } from '../../shared/checks/registry.ts';
import { DEFAULT_BACKGROUND } from '../../shared/photoStandard.ts';
import { EVAL_DATA } from './checkFixtures.ts';

const SETS = ['celeba-attr-32/images', 'ffhq-features-10/images', 'portraits-hivision', 'portraits-more'];
let all: { file: string; results: CheckResult[] }[] = [];

beforeAll(async () => {
  const files = SETS.flatMap((set) => readdirSync(path.join(EVAL_DATA, set)).filter((f) => !f.endsWith('.md')).map((f) => path.join(EVAL_DATA, set, f)));
  const analyses = await analyzeFiles(files);
  all = [];
  for (const file of files) {
    const analysis = analyses.get(file);
    if (analysis) all.push({ file, results: runStillChecks(analysis, await loadRgbImage(file), { background: DEFAULT_BACKGROUND }) });
  }
});

describe('runStillChecks', () => {
  it('reports every spec §7 rule except file.*, geom.* and bg.*, once each, on all 68 eval photos', () => {
    const expected = RULE_IDS.filter((id) => !/^(file|geom|bg)\./.test(id));
    expect(all.length).toBe(68);
    for (const { results } of all) expect([...results.map((r) => r.id)].sort()).toEqual([...expected].sort());
  });
  it('reports in the shared CheckResult format', () => {
    for (const { results } of all) for (const r of results) CheckResultSchema.parse(r);
  });
  it('never passes a rule it could not measure', () => {
    const silent = all.flatMap(({ file, results }) => results.filter((r) => r.value === null && r.verdict === 'pass').map((r) => `${path.basename(file)} ${r.id}`));
    expect(silent).toEqual([]);
  });
  it('only ever warns on makeup and coloured contact lenses', () => {
    const failed = all.flatMap(({ file, results }) => results.filter((r) => WARN_ONLY.includes(r.id) && r.verdict === 'fail').map((r) => `${path.basename(file)} ${r.id}`));
    expect(failed).toEqual([]);
  });
  it('gives the student a Chinese message for every verdict', () => {
    for (const { results } of all) for (const r of results) expect(r.message_zh, r.id).toMatch(/[\u4e00-\u9fff]/);
  });
  it('refuses pixels that do not match the analysis', () => {
    const { results } = all[0] ?? { results: [] };
    expect(results.length).toBeGreaterThan(0);
    expect(() => runStillChecks({ width: 10, height: 10, faces: [], mask: null, timings: {} }, { width: 20, height: 10, channels: 3, data: new Uint8Array(600) }, { background: DEFAULT_BACKGROUND })).toThrow(/20x10.*10x10/);
  });
});
