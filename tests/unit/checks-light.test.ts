// Light rules on a real, evenly lit ID photo and on physically sensible edits of it: side light
// (阴阳脸), +2.5 EV over-exposure (clipped skin), −3 EV under-exposure and red pupils.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';
import { exposure, redPupils, sideLight } from './checkEdits.ts';

let photo: Photo;
beforeAll(async () => {
  photo = (await loadPhotos(['idPhoto'])).idPhoto;
});
const edited = (image: Photo['image']): Pick<Photo, 'analysis' | 'image'> => ({ analysis: photo.analysis, image });

describe('light.balance', () => {
  it('passes even light on both cheeks', () => {
    const r = ruleOf(photo, 'light.balance');
    expect(r.verdict, `ratio ${r.value}`).toBe('pass');
  });
  it('fails a face lit from one side', () => {
    const r = ruleOf(edited(sideLight(photo)), 'light.balance');
    expect(r.verdict, `ratio ${r.value}`).toBe('fail');
  });
});

describe('light.highlights', () => {
  it('passes a face without hot spots', () => {
    expect(ruleOf(photo, 'light.highlights').verdict).toBe('pass');
  });
  it('fails a face burnt out by 2.5 stops too much light', () => {
    const r = ruleOf(edited(exposure(photo, 2.5)), 'light.highlights');
    expect(r.verdict, `share ${r.value}`).toBe('fail');
  });
});

describe('light.exposure', () => {
  it('passes a correctly exposed face', () => {
    expect(ruleOf(photo, 'light.exposure').verdict).toBe('pass');
  });
  it('fails a face 3 stops under-exposed', () => {
    const r = ruleOf(edited(exposure(photo, -3)), 'light.exposure');
    expect(r.verdict, `L* ${r.value}`).toBe('fail');
  });
});

describe('light.red_eye', () => {
  it('passes dark pupils', () => {
    expect(ruleOf(photo, 'light.red_eye').verdict).toBe('pass');
  });
  it('fails red pupils from a flash', () => {
    const r = ruleOf(edited(redPupils(photo)), 'light.red_eye');
    expect(r.verdict, `share ${r.value}`).toBe('fail');
  });
});
