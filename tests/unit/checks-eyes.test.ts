// Eye rules on real photos: open eyes looking at the lens pass; the same eyes closed (an eyelid
// edit, re-run through the landmarker) and averted eyes fail; coloured contact lenses (an iris
// tint edit) only warn, for a reviewer.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeEdited, loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import { closedEyes, colouredContacts } from '../../tools/photoEdits.ts';

let photos: Record<'idPhoto' | 'plainPolo' | 'turned', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'plainPolo', 'turned']);
});

describe('eyes.open', () => {
  it('passes naturally open eyes', () => {
    expect(ruleOf(photos.idPhoto, 'eyes.open').verdict).toBe('pass');
    expect(ruleOf(photos.plainPolo, 'eyes.open').verdict).toBe('pass');
  });
  it.each(['idPhoto', 'plainPolo'] as const)('fails the same face with its eyelids closed (%s, checkEdits.closedEyes, landmarker re-run)', async (name) => {
    const closed = await analyzeEdited(`closed-eyes-${name}`, closedEyes(photos[name]));
    const r = ruleOf(closed, 'eyes.open');
    expect(r.verdict, `blink score ${r.value}`).toBe(flaggedAs('eyes.open'));
  });
});

describe('eyes.gaze', () => {
  it('passes eyes looking into the lens', () => {
    expect(ruleOf(photos.idPhoto, 'eyes.gaze').verdict).toBe('pass');
  });
  it('flags eyes turned hard to one side (FFHQ 00006)', () => {
    const r = ruleOf(photos.turned, 'eyes.gaze');
    expect(r.verdict, `look score ${r.value}`).toBe(flaggedAs('eyes.gaze'));
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
