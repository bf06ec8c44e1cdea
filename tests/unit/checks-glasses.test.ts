// Glasses rules on a real photo of a man in dark-framed glasses: clear lenses pass; a brown
// sunglasses tint inside the lenses fails glasses.tinted; a lamp's reflection in the lenses fails
// glasses.glare; a frame clear of the eyes passes glasses.frame_over_eyes, its rim moved across
// the eyes fails it.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';
import { lensGlare, rimOverEyes, tintLenses } from './checkEdits.ts';

let photos: Record<'glasses' | 'idPhoto', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['glasses', 'idPhoto']);
});

describe('glasses.tinted', () => {
  it('passes clear prescription lenses', () => {
    const r = ruleOf(photos.glasses, 'glasses.tinted');
    expect(r.verdict, `ΔE ${r.value}`).toBe('pass');
  });
  it('fails the same glasses with brown sunglasses lenses', () => {
    const r = ruleOf({ analysis: photos.glasses.analysis, image: tintLenses(photos.glasses) }, 'glasses.tinted');
    expect(r.verdict, `ΔE ${r.value}`).toBe('fail');
  });
});

describe('glasses.glare', () => {
  it('passes lenses without reflections', () => {
    expect(ruleOf(photos.glasses, 'glasses.glare').verdict).toBe('pass');
  });
  it('fails lenses reflecting a lamp', () => {
    const r = ruleOf({ analysis: photos.glasses.analysis, image: lensGlare(photos.glasses) }, 'glasses.glare');
    expect(r.verdict, `glare share ${r.value}`).toBe('fail');
  });
});

describe('glasses.frame_over_eyes', () => {
  it('passes thick frames that stay clear of the eyes', () => {
    const r = ruleOf(photos.glasses, 'glasses.frame_over_eyes');
    expect(r.verdict, `${r.value} ${r.message_en}`).toBe('pass');
    expect(r.message_en).not.toContain('no glasses');
  });
  it('fails when the frame rim crosses the eyes (glasses slid down the nose)', () => {
    const r = ruleOf({ analysis: photos.glasses.analysis, image: rimOverEyes(photos.glasses) }, 'glasses.frame_over_eyes');
    expect(r.verdict, `${r.value} ${r.message_en}`).toBe('fail');
  });
  it('does not look for a frame on a face without glasses', () => {
    expect(ruleOf(photos.idPhoto, 'glasses.frame_over_eyes').message_en).toContain('no glasses');
  });
});
