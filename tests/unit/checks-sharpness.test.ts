// image.sharpness on a real photo in focus and on the same photo defocused.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';
import { defocus } from './checkEdits.ts';

let photo: Photo;
beforeAll(async () => {
  photo = (await loadPhotos(['idPhoto'])).idPhoto;
});

describe('image.sharpness', () => {
  it('passes a photo in focus', () => {
    const r = ruleOf(photo, 'image.sharpness');
    expect(r.verdict, `σ ${r.value}`).toBe('pass');
  });
  it('fails the same photo out of focus', () => {
    const r = ruleOf({ analysis: photo.analysis, image: defocus(photo) }, 'image.sharpness');
    expect(r.verdict, `σ ${r.value}`).toBe('fail');
  });
});
