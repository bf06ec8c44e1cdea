// Glasses rules on a real photo of a man in dark-framed glasses: clear lenses pass; a brown
// sunglasses tint inside the lenses fails glasses.tinted; a lamp's reflection in the lenses fails
// glasses.glare; a frame clear of the eyes passes glasses.frame_over_eyes, its rim moved across
// the eyes fails it.
import { beforeAll, describe, expect, it } from 'vitest';
import { EVAL_DATA, loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import path from 'node:path';
import { lensGlare, rimOverEyes, tintLenses } from '../../tools/photoEdits.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { readCsv } from '../../tools/evalSets.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';
import { runLiveChecks, runStillChecks } from '../../shared/checks/runChecks.ts';
import { DEFAULT_BACKGROUND } from '../../shared/photoStandard.ts';

let photos: Record<'glasses' | 'idPhoto', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['glasses', 'idPhoto']);
});

describe('glasses.tinted', () => {
  it('passes clear prescription lenses', () => {
    const r = ruleOf(photos.glasses, 'glasses.tinted');
    expect(r.verdict, `ΔE ${r.value}`).toBe('pass');
  });
  it('flags the same glasses with brown sunglasses lenses', () => {
    const r = ruleOf({ analysis: photos.glasses.analysis, image: tintLenses(photos.glasses) }, 'glasses.tinted');
    expect(r.verdict, `ΔE ${r.value}`).toBe(flaggedAs('glasses.tinted'));
  });
});

describe('glasses.glare', () => {
  it('passes lenses without reflections', () => {
    expect(ruleOf(photos.glasses, 'glasses.glare').verdict).toBe('pass');
  });
  it('flags lenses reflecting a lamp', () => {
    const r = ruleOf({ analysis: photos.glasses.analysis, image: lensGlare(photos.glasses) }, 'glasses.glare');
    expect(r.verdict, `glare share ${r.value}`).toBe(flaggedAs('glasses.glare'));
  });
});

describe('glasses.frame_over_eyes', () => {
  it('passes thick frames that stay clear of the eyes', () => {
    const r = ruleOf(photos.glasses, 'glasses.frame_over_eyes');
    expect(r.verdict, `${r.value} ${r.message_en}`).toBe('pass');
    expect(r.message_en).not.toContain('no glasses');
  });
  it('flags when the frame rim crosses the eyes (glasses slid down the nose)', () => {
    const r = ruleOf({ analysis: photos.glasses.analysis, image: rimOverEyes(photos.glasses) }, 'glasses.frame_over_eyes');
    expect(r.verdict, `${r.value} ${r.message_en}`).toBe(flaggedAs('glasses.frame_over_eyes'));
  });
  it('does not look for a frame on a face without glasses', () => {
    expect(ruleOf(photos.idPhoto, 'glasses.frame_over_eyes').message_en).toContain('no glasses');
  });
});

describe('a student without glasses', () => {
  it('never gets a glasses hint on any of the booth-rules-dev photos labelled without glasses', async () => {
    const dir = path.join(EVAL_DATA, 'booth-rules-dev');
    const bare = readCsv(path.join(dir, 'labels.csv')).filter((r) => r.glasses === '0').map((r) => path.join(dir, r.file ?? ''));
    expect(bare.length).toBeGreaterThan(100);
    const analyses = await analyzeFiles(bare);
    const hints: string[] = [];
    for (const file of bare) {
      const analysis = analyses.get(file);
      if (!analysis) continue;
      const image = await loadRgbImage(file);
      for (const r of runStillChecks(analysis, image, { background: DEFAULT_BACKGROUND })) {
        if (r.id.startsWith('glasses.') && r.verdict !== 'pass') hints.push(`${path.basename(file)} ${r.id} ${r.verdict} ${r.value}`);
      }
      const live = runLiveChecks(analysis.faces[0] ?? null, image, { background: DEFAULT_BACKGROUND });
      for (const r of live) if (r.id.startsWith('glasses.')) hints.push(`${path.basename(file)} live ${r.id}`);
    }
    expect(hints).toEqual([]);
  });
});
