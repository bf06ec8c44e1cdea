// Eye rules on real photos: open eyes looking at the lens pass; averted eyes fail; coloured
// contact lenses (an iris tint edit) only warn, for a reviewer.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';
import { colouredContacts } from './checkEdits.ts';

let photos: Record<'idPhoto' | 'turned', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'turned']);
});

describe('eyes.open', () => {
  it('passes naturally open eyes', () => {
    expect(ruleOf(photos.idPhoto, 'eyes.open').verdict).toBe('pass');
  });
  it('fails when the landmarker reports the eyelids shut (same photo, blink scores of closed eyes)', () => {
    // no eval photo has closed eyes: this feeds the real observation with the blink scores
    // FaceLandmarker gives closed eyes (≥ 0.8), to show the rule turns them into a fail
    const face = photos.idPhoto.analysis.faces[0];
    if (!face) throw new Error('no face');
    const closed = { ...photos.idPhoto.analysis, faces: [{ ...face, blendshapes: { ...face.blendshapes, eyeBlinkLeft: 0.85, eyeBlinkRight: 0.82 } }] };
    expect(ruleOf({ analysis: closed, image: photos.idPhoto.image }, 'eyes.open').verdict).toBe('fail');
  });
});

describe('eyes.gaze', () => {
  it('passes eyes looking into the lens', () => {
    expect(ruleOf(photos.idPhoto, 'eyes.gaze').verdict).toBe('pass');
  });
  it('fails eyes turned hard to one side (FFHQ 00006)', () => {
    const r = ruleOf(photos.turned, 'eyes.gaze');
    expect(r.verdict, `look score ${r.value}`).toBe('fail');
  });
});

describe('eyes.contacts', () => {
  it('does not flag natural dark irises', () => {
    expect(ruleOf(photos.idPhoto, 'eyes.contacts').verdict).toBe('pass');
  });
  it('warns (never fails) on irises covered by grey-blue coloured lenses', () => {
    const r = ruleOf({ analysis: photos.idPhoto.analysis, image: colouredContacts(photos.idPhoto) }, 'eyes.contacts');
    expect(r.verdict, `iris colour ${r.value}`).toBe('warn');
  });
});
