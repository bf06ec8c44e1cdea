// Light rules on a real, evenly lit ID photo and on physically sensible edits of it: side light
// (阴阳脸), +2.5 EV over-exposure (clipped skin), −3 EV under-exposure and red pupils.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import { exposure, redPupils, sideLight } from '../../tools/photoEdits.ts';

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
  it('flags a face lit from one side', () => {
    const r = ruleOf(edited(sideLight(photo)), 'light.balance');
    expect(r.verdict, `ratio ${r.value}`).toBe(flaggedAs('light.balance'));
  });
});

describe('light.highlights', () => {
  it('passes a face without hot spots', () => {
    expect(ruleOf(photo, 'light.highlights').verdict).toBe('pass');
  });
  it('flags a face burnt out by 2.5 stops too much light', () => {
    const r = ruleOf(edited(exposure(photo, 2.5)), 'light.highlights');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('light.highlights'));
  });
});

describe('light.exposure', () => {
  it('passes a correctly exposed face', () => {
    expect(ruleOf(photo, 'light.exposure').verdict).toBe('pass');
  });
  // −3 EV on this light-skinned face reads L* 33.5, as dark as well-exposed dark skin in booth-rules-dev:
  // cheek lightness alone cannot tell them apart (docs/checks.md), so the edit that must fail is −4 EV
  it('fails a face 4 stops under-exposed', () => {
    const r = ruleOf(edited(exposure(photo, -4)), 'light.exposure');
    expect(r.verdict, `L* ${r.value}`).toBe(flaggedAs('light.exposure'));
  });
});

describe('light.red_eye', () => {
  it('passes dark pupils', () => {
    expect(ruleOf(photo, 'light.red_eye').verdict).toBe('pass');
  });
  it('flags red pupils from a flash', () => {
    const r = ruleOf(edited(redPupils(photo)), 'light.red_eye');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('light.red_eye'));
  });
});
