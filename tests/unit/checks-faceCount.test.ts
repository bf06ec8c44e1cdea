// face.count on real photos: one student passes; no face, two people side by side, and a face the
// person mask does not cover (how FaceLandmarker's false faces on logos and seals look) fail.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeEdited, EVAL_DATA, loadPhotos, PHOTOS, ruleOf, type Photo } from './checkFixtures.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';
import path from 'node:path';

let photos: Record<'idPhoto' | 'noFace', Photo>;
let twoPeople: Photo;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'noFace']);
  // two ID photos side by side: two students in front of the camera
  const left = await sharp(photos.idPhoto.file).resize({ height: 400 }).toBuffer();
  const right = await sharp(path.join(EVAL_DATA, 'portraits-more/wangling1820__IDPhotos__image.jpg')).resize({ height: 400 }).removeAlpha().toBuffer();
  const lw = (await sharp(left).metadata()).width ?? 0;
  const rw = (await sharp(right).metadata()).width ?? 0;
  const joined = await sharp({ create: { width: lw + rw, height: 400, channels: 3, background: { r: 67, g: 142, b: 219 } } })
    .composite([{ input: left, left: 0, top: 0 }, { input: right, left: lw, top: 0 }]).png().toBuffer();
  twoPeople = await analyzeEdited('two-people', await loadRgbImage(joined));
});

describe('face.count', () => {
  it('passes one student', () => {
    expect(ruleOf(photos.idPhoto, 'face.count')).toMatchObject({ verdict: 'pass', value: 1 });
  });
  it(`fails a photo with no face (${path.basename(PHOTOS.noFace)})`, () => {
    expect(ruleOf(photos.noFace, 'face.count')).toMatchObject({ verdict: 'fail', value: 0 });
  });
  it('fails two people in the frame', () => {
    expect(ruleOf(twoPeople, 'face.count')).toMatchObject({ verdict: 'fail', value: 2 });
  });
  it('does not count a face that lies off the person mask', () => {
    const { analysis } = photos.idPhoto;
    if (!analysis.mask) throw new Error('no mask');
    const noPerson = { ...analysis, mask: { ...analysis.mask, data: new Uint8Array(analysis.mask.data.length) } };
    expect(ruleOf({ analysis: noPerson, image: photos.idPhoto.image }, 'face.count')).toMatchObject({ verdict: 'fail', value: 0 });
  });
});
