// Headwear and jewellery rules on real photos.
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { analyzeEdited, loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';
import { subjectFace } from '../../tools/photoEdits.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';

let photos: Record<'idPhoto' | 'hat' | 'earrings' | 'noEarrings' | 'necklace' | 'faceCrop', Photo>;
let tightCrop: Photo;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'hat', 'earrings', 'noEarrings', 'necklace', 'faceCrop']);
  // the ID photo framed from brow to chin and cheek to cheek: the ear lobes fall outside
  const face = subjectFace(photos.idPhoto);
  const left = Math.round(face.pt(234).x);
  const top = Math.round(face.pt(151).y);
  const crop = await sharp(photos.idPhoto.file).extract({ left, top, width: Math.round(face.pt(454).x) - left, height: Math.round(face.chin.y) - top + 4 }).png().toBuffer();
  tightCrop = await analyzeEdited('earrings-tight-crop', await loadRgbImage(crop));
});

describe('wear.headwear', () => {
  it('passes a bare head', () => {
    expect(ruleOf(photos.idPhoto, 'wear.headwear').verdict).toBe('pass');
  });
  it('flags a beret', () => {
    const r = ruleOf(photos.hat, 'wear.headwear');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('wear.headwear'));
  });
});

describe('wear.earrings', () => {
  it('passes ear lobes without jewellery', () => {
    const r = ruleOf(photos.noEarrings, 'wear.earrings');
    expect(r.verdict, `share ${r.value}`).toBe('pass');
  });
  it('fails long dangling earrings', () => {
    const r = ruleOf(photos.earrings, 'wear.earrings');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('wear.earrings'));
  });
  it('passes short hair with the ear lobes against the backdrop', () => {
    const r = ruleOf(photos.idPhoto, 'wear.earrings');
    expect(r.verdict, `share ${r.value}`).toBe('pass');
  });
  it('sends a framing too tight to show the ear lobes to a reviewer instead of passing it', () => {
    expect(ruleOf(tightCrop, 'face.count').verdict, 'the face is still found').toBe('pass');
    const r = ruleOf(tightCrop, 'wear.earrings');
    expect(r.verdict).toBe('warn');
    expect(r.value).toBeNull();
  });
});

describe('wear.necklace', () => {
  it('sends a face crop that ends at the chin to a reviewer', () => {
    expect(ruleOf(photos.faceCrop, 'wear.necklace')).toMatchObject({ verdict: 'warn', value: null });
  });
  it('passes a bare neck above a shirt collar', () => {
    expect(ruleOf(photos.idPhoto, 'wear.necklace').verdict).toBe('pass');
  });
  it('flags a long beaded necklace', () => {
    const r = ruleOf(photos.necklace, 'wear.necklace');
    expect(r.verdict, `share ${r.value}`).toBe(flaggedAs('wear.necklace'));
  });
});
