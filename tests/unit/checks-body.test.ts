// body.shoulders_level on a real ID photo and on the same scene shot with the camera rolled 10°
// (vision re-run on the rotated photo); face crops without shoulders go to a reviewer.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeEdited, loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';

let photos: Record<'idPhoto' | 'faceCrop', Photo>;
let rolled: Photo;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'faceCrop']);
  const rotated = await sharp(photos.idPhoto.file).rotate(10, { background: { r: 67, g: 142, b: 219 } }).png().toBuffer();
  rolled = await analyzeEdited('shoulders-rolled-10deg', await loadRgbImage(rotated));
});

describe('body.shoulders_level', () => {
  it('passes level shoulders', () => {
    const r = ruleOf(photos.idPhoto, 'body.shoulders_level');
    expect(r.verdict, `${r.value}°`).toBe('pass');
  });
  it('flags shoulders sloping by 10°', () => {
    const r = ruleOf(rolled, 'body.shoulders_level');
    expect(r.verdict, `${r.value}°`).toBe(flaggedAs('body.shoulders_level'));
  });
  it('sends a face crop without shoulders to a reviewer', () => {
    const r = ruleOf(photos.faceCrop, 'body.shoulders_level');
    expect(r.verdict).toBe('warn');
    expect(r.value).toBeNull();
  });
});
