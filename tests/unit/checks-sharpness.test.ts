// image.sharpness on a real photo in focus and on the same photo defocused.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import { defocus } from '../../tools/photoEdits.ts';

let photo: Photo;
beforeAll(async () => {
  photo = (await loadPhotos(['idPhoto'])).idPhoto;
});

describe('image.sharpness', () => {
  it('passes a photo in focus', () => {
    const r = ruleOf(photo, 'image.sharpness');
    expect(r.verdict, `σ ${r.value}`).toBe('pass');
  });
  it('flags the same photo out of focus', () => {
    const r = ruleOf({ analysis: photo.analysis, image: defocus(photo) }, 'image.sharpness');
    expect(r.verdict, `σ ${r.value}`).toBe(flaggedAs('image.sharpness'));
  });
});
