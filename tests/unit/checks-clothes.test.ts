// Clothing rules on real photos; blue clothing is the white dress of serengil img9 dyed light blue
// (checkEdits.dyeClothing), since no eval photo shows clearly blue clothes below the neck.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import { DEFAULT_BACKGROUND, type Rgb } from '../../shared/photoStandard.ts';
import { dyeClothing } from '../../tools/photoEdits.ts';

const WHITE: Rgb = [255, 255, 255];
/** linear-light transmission of a light-blue dye on white cloth */
const LIGHT_BLUE_DYE = [0.3, 0.55, 1] as const;

let photos: Record<'plainPolo' | 'stripes' | 'earrings', Photo>;
let blueDress: Pick<Photo, 'analysis' | 'image'>;
beforeAll(async () => {
  photos = await loadPhotos(['plainPolo', 'stripes', 'earrings']);
  blueDress = { analysis: photos.earrings.analysis, image: dyeClothing(photos.earrings, LIGHT_BLUE_DYE) };
});

describe('clothes.contrast', () => {
  it('passes a black polo on the blue backdrop', () => {
    const r = ruleOf(photos.plainPolo, 'clothes.contrast', DEFAULT_BACKGROUND);
    expect(r.verdict, `ΔE ${r.value}`).toBe('pass');
  });
  it('flags a white dress when the booth is configured for a white backdrop', () => {
    const r = ruleOf(photos.earrings, 'clothes.contrast', WHITE);
    expect(r.verdict, `ΔE ${r.value}`).toBe(flaggedAs('clothes.contrast'));
  });
});

describe('clothes.blue', () => {
  it('passes a black polo on the blue backdrop', () => {
    expect(ruleOf(photos.plainPolo, 'clothes.blue').verdict).toBe('pass');
  });
  it('flags the white dress dyed light blue, on the blue backdrop', () => {
    const r = ruleOf(blueDress, 'clothes.blue');
    expect(r.verdict, `blue share ${r.value}`).toBe(flaggedAs('clothes.blue'));
  });
  it('lets the same blue dress pass on a white backdrop, where contrast is what matters', () => {
    const r = ruleOf(blueDress, 'clothes.blue', WHITE);
    expect(r.verdict).toBe('pass');
  });
});

describe('clothes.pattern', () => {
  it('passes a plain polo', () => {
    const r = ruleOf(photos.plainPolo, 'clothes.pattern');
    expect(r.verdict, `texture ${r.value}`).toBe('pass');
  });
  it('flags a striped top', () => {
    const r = ruleOf(photos.stripes, 'clothes.pattern');
    expect(r.verdict, `texture ${r.value}`).toBe(flaggedAs('clothes.pattern'));
  });
});
