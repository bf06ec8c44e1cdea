// Real eval images and their vision results for the check tests: the models run once per image
// ever (results are cached on disk by content hash in test-output/vision-cache), and an edited
// image is written to test-output/check-edits so that its own vision results are real too.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';
import { projectRoot } from '../../scripts/models.ts';
import type { CheckResult, RuleId } from '../../shared/checkResult.ts';
import type { RgbImage } from '../../shared/checks/image.ts';
import { runStillChecks } from '../../shared/checks/runChecks.ts';
import { mayBlock } from '../../shared/checks/blocking.ts';
import type { Photo } from '../../tools/photoEdits.ts';
import { DEFAULT_BACKGROUND, type Rgb } from '../../shared/photoStandard.ts';

import { EVAL_DATA } from '../../tools/evalData.ts';

export { EVAL_DATA };

/** The photos the tests use, by what they show (see each set's MANIFEST.md). */
export const PHOTOS = {
  /** ID-photo framing, short hair, ears visible, suit and tie, flat blue backdrop: a compliant photo */
  idPhoto: 'portraits-more/guo-pu__ID_photo_background_color__test.jpg',
  /** thick dark glasses, frame clear of the eyes */
  glasses: 'portraits-more/ToTheBeginning__PuLID__lecun.jpg',
  /** pink beret */
  hat: 'portraits-more/ToTheBeginning__PuLID__zcy.webp',
  /** long dangling earrings, white strapless dress */
  earrings: 'portraits-more/serengil__deepface__img9.jpg',
  /** shoulder-length hair over the ears, navy blouse, no earrings */
  noEarrings: 'portraits-more/ToTheBeginning__PuLID__lifeifei.jpg',
  /** long beaded necklace (and a striped top) */
  necklace: 'portraits-more/Kwai-Kolors__Kolors__test_img2_org.png',
  /** CelebA 000018: a tight face crop, no shoulders or collarbones in view */
  faceCrop: 'celeba-attr-32/images/000018.jpg',
  /** bangs over the eyebrows, long hair over the ears */
  bangs: 'portraits-hivision/test2.jpg',
  /** long hair over the ears */
  hairOverEars: 'portraits-hivision/test1.jpg',
  /** striped off-shoulder top */
  stripes: 'portraits-more/Kwai-Kolors__Kolors__test_img2_org.png',
  /** plain black polo on a white studio backdrop */
  plainPolo: 'portraits-more/DefTruth__lite.ai.toolkit__test_lite_facefusion_pipeline_target.jpg',
  /** wide smile with teeth */
  smile: 'portraits-more/ageitgey__face_recognition__obama.jpg',
  /** strong makeup and lipstick */
  makeup: 'portraits-more/serengil__deepface__img26.jpg',
  /** FFHQ 00006: yaw −25.8° and eyes turned to the camera (labels.csv) */
  turned: 'ffhq-features-10/images/00006.png',
  /** CelebA 000022: full lips that touch (Mouth_Slightly_Open −1) */
  fullLips: 'celeba-attr-32/images/000022.jpg',
  /** CelebA 000023: lips slightly parted, a smile (Mouth_Slightly_Open 1) */
  parted: 'celeba-attr-32/images/000023.jpg',
  /** CelebA 000003: a 64° profile, lips parted over the teeth */
  profile: 'celeba-attr-32/images/000003.jpg',
  /** CelebA 000005: head tipped far back */
  pitched: 'celeba-attr-32/images/000005.jpg',
  /** DECA teaser 2: a bald man, both ears in full view */
  bald: 'booth-rules-dev/YadiraF__DECA__TestSamples_teaser_2.png',
  /** SimSwap gdg: an East Asian man with a shaved head, both ears visible */
  shaved: 'booth-rules-dev/neuralchen__SimSwap__crop_224_gdg.jpg',
  /** Deep3DFaceRecon 000007: short spiky hair, both ears visible */
  shortHair: 'booth-rules-dev/sicxu__Deep3DFaceRecon_pytorch__datasets_examples_000007.jpg',
  /** Deep3DFaceRecon 015309: long hair over the ears */
  longHairOverEars: 'booth-rules-dev/sicxu__Deep3DFaceRecon_pytorch__datasets_examples_015309.jpg',
  /** a photo with no QR code and no face (qr-zxing-blackbox negatives) */
  noFace: 'qr-zxing-blackbox/falsepositives/01.png',
} as const;

export type PhotoName = keyof typeof PHOTOS;

export type { Photo };

const editDir = path.join(projectRoot, 'test-output', 'check-edits');

/** Load photos and their vision results; one vision runtime at most for all of them. */
export async function loadPhotos<N extends PhotoName>(names: readonly N[]): Promise<Record<N, Photo>> {
  const files = names.map((n) => path.join(EVAL_DATA, PHOTOS[n]));
  const analyses = await analyzeFiles(files);
  const out = {} as Record<N, Photo>;
  for (const [i, name] of names.entries()) {
    const file = files[i] as string;
    const analysis = analyses.get(file);
    if (!analysis) throw new Error(`no vision results for ${file}`);
    out[name] = { file, analysis, image: await loadRgbImage(file) };
  }
  return out;
}

/** Save an edited image losslessly and run the real vision models on it. */
export async function analyzeEdited(name: string, image: RgbImage): Promise<Photo> {
  await mkdir(editDir, { recursive: true });
  const file = path.join(editDir, `${name}.png`);
  await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), { raw: { width: image.width, height: image.height, channels: image.channels } }).png().toFile(file);
  const analysis = (await analyzeFiles([file])).get(file);
  if (!analysis) throw new Error(`no vision results for ${file}`);
  return { file, analysis, image };
}

/**
 * The verdict a rule gives a photo that breaks it: `fail` where the rule may block (its fails are
 * shown to be right, shared/checks/blocking.ts), otherwise `warn` for the student and the reviewer.
 */
export function flaggedAs(id: RuleId): 'fail' | 'warn' {
  return mayBlock(id) ? 'fail' : 'warn';
}

/** Run every still rule and pick one. */
export function ruleOf(photo: Pick<Photo, 'analysis' | 'image'>, id: RuleId, background: Rgb = DEFAULT_BACKGROUND): CheckResult {
  const found = runStillChecks(photo.analysis, photo.image, { background }).find((r) => r.id === id);
  if (!found) throw new Error(`rule ${id} not reported`);
  return found;
}

/** A 640x480 camera-like frame of a photo (scaled to cover, top-anchored) with its own vision results. */
export async function liveFrame(name: PhotoName): Promise<Photo> {
  const frame = await sharp(path.join(EVAL_DATA, PHOTOS[name])).rotate().resize(640, 480, { fit: 'cover', position: 'top' }).removeAlpha().png().toBuffer();
  return analyzeEdited(`frame-640x480-${name}`, await loadRgbImage(frame));
}
