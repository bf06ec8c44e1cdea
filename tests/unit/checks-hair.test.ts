// Hair rules on real photos: short hair, a bald and a shaved head pass; bangs over the brows and
// hair over the ears are flagged (hair over the ears blocks: its fails are shown to be right).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';

let photos: Record<'idPhoto' | 'bangs' | 'hairOverEars' | 'bald' | 'shaved' | 'shortHair' | 'longHairOverEars', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'bangs', 'hairOverEars', 'bald', 'shaved', 'shortHair', 'longHairOverEars']);
});

describe('hair.eyebrows', () => {
  it('passes a bare forehead with visible eyebrows', () => {
    const r = ruleOf(photos.idPhoto, 'hair.eyebrows');
    expect(r.verdict, `share ${r.value}`).toBe('pass');
  });
  it('flags bangs over the eyebrows', () => {
    const r = ruleOf(photos.bangs, 'hair.eyebrows');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('hair.eyebrows'));
    expect(r.message_zh).toContain('眉毛');
  });
});

describe('hair.ears', () => {
  it('passes short hair with the ears visible', () => {
    const r = ruleOf(photos.idPhoto, 'hair.ears');
    expect(r.verdict, `share ${r.value}`).toBe('pass');
  });
  it.each(['bald', 'shaved', 'shortHair'] as const)('passes a %s head whose ears are in full view', (name) => {
    const r = ruleOf(photos[name], 'hair.ears');
    expect(r.verdict, `cover ${r.value}`).toBe('pass');
  });
  it('blocks long hair over the ears (Deep3DFaceRecon 015309)', () => {
    expect(flaggedAs('hair.ears')).toBe('fail');
    const r = ruleOf(photos.longHairOverEars, 'hair.ears');
    expect(r.verdict, `cover ${r.value}`).toBe('fail');
  });
  it('fails long hair over the ears and asks to tuck it behind them', () => {
    const r = ruleOf(photos.hairOverEars, 'hair.ears');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('hair.ears'));
    expect(r.message_zh).toBe('请把头发别到耳后');
  });
});
