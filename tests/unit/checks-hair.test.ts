// Hair rules on real photos: short hair passes; bangs over the brows and hair over the ears fail.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';

let photos: Record<'idPhoto' | 'bangs' | 'hairOverEars', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'bangs', 'hairOverEars']);
});

describe('hair.eyebrows', () => {
  it('passes a bare forehead with visible eyebrows', () => {
    const r = ruleOf(photos.idPhoto, 'hair.eyebrows');
    expect(r.verdict, `share ${r.value}`).toBe('pass');
  });
  it('fails bangs over the eyebrows', () => {
    const r = ruleOf(photos.bangs, 'hair.eyebrows');
    expect(r.verdict, `share ${r.value}`).toBe('fail');
    expect(r.message_zh).toContain('眉毛');
  });
});

describe('hair.ears', () => {
  it('passes short hair with the ears visible', () => {
    const r = ruleOf(photos.idPhoto, 'hair.ears');
    expect(r.verdict, `share ${r.value}`).toBe('pass');
  });
  it('fails long hair over the ears and asks to tuck it behind them', () => {
    const r = ruleOf(photos.hairOverEars, 'hair.ears');
    expect(r.verdict, `share ${r.value}`).toBe('fail');
    expect(r.message_zh).toBe('请把头发别到耳后');
  });
});
