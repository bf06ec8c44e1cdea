// Physically sensible edits of real photos for the check tests and the evaluation: each imitates what a camera would
// record in the situation the rule is about, applied only where that situation acts (a tinted lens
// only darkens what is behind the lens). Landmarks do not move under these edits, so the original
// photo's vision results stay valid for the edited pixels, except where a test re-runs the models.
import type { RgbImage } from '../shared/checks/image.ts';
import { faceGeometry, MESH, type FaceGeometry } from '../shared/checks/faceGeometry.ts';
import { boundingBox, deltaE, forEachPixel, personAt, rgbToLab } from '../shared/checks/image.ts';
import type { Point, StillAnalysis } from '../shared/vision/stillAnalysis.ts';
import { skinModel } from '../shared/checks/context.ts';

/** A real photo with its vision results: what an edit starts from. */
export interface Photo {
  file: string;
  analysis: StillAnalysis;
  image: RgbImage;
}

function copy(image: RgbImage): RgbImage {
  return { ...image, data: new Uint8Array(image.data) };
}

export function subjectFace(photo: Photo): FaceGeometry {
  const face = photo.analysis.faces[0];
  if (!face) throw new Error(`${photo.file}: no face`);
  return faceGeometry(face);
}

const toLinear = (v: number): number => ((v / 255) <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
const toSrgb = (l: number): number => 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * Math.max(0, l) ** (1 / 2.4) - 0.055);

/** Multiply linear light by `gain(x, y)` per channel: what a filter or a change of light does. */
function applyGain(image: RgbImage, inside: (x: number, y: number) => boolean, gain: (x: number, y: number) => readonly [number, number, number]): RgbImage {
  const out = copy(image);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!inside(x, y)) continue;
      const g = gain(x, y);
      const i = (y * image.width + x) * image.channels;
      for (let c = 0; c < 3; c++) out.data[i + c] = Math.max(0, Math.min(255, Math.round(toSrgb(toLinear(image.data[i + c] ?? 0) * (g[c] ?? 1)))));
    }
  }
  return out;
}

/** An elliptical lens around each eye: from the brow to below the lower lid, a little wider than the eye. */
function inLens(face: FaceGeometry): (x: number, y: number) => boolean {
  const lenses = [MESH.eyeA, MESH.eyeB].map((eye) => {
    const b = boundingBox(face.outline(eye));
    const cx = (b.x0 + b.x1) / 2;
    const cy = (b.y0 + b.y1) / 2 + 0.02 * face.width;
    return { cx, cy, rx: (b.x1 - b.x0) / 2 + 0.06 * face.width, ry: 0.13 * face.width };
  });
  return (x, y) => lenses.some((l) => ((x - l.cx) / l.rx) ** 2 + ((y - l.cy) / l.ry) ** 2 <= 1);
}

/** Brown sunglasses: 20/17/12 % transmission in R/G/B, only inside the lenses. */
export function tintLenses(photo: Photo): RgbImage {
  return applyGain(photo.image, inLens(subjectFace(photo)), () => [0.2, 0.17, 0.12]);
}

/** A lamp reflected in each lens: a soft white spot below the eye, adding light up to clipping. */
export function lensGlare(photo: Photo): RgbImage {
  const face = subjectFace(photo);
  const spots = [MESH.eyeA, MESH.eyeB].map((eye) => {
    const b = boundingBox(face.outline(eye));
    return { x: (b.x0 + b.x1) / 2 + 0.03 * face.width, y: b.y1 + 0.05 * face.width, r: 0.045 * face.width };
  });
  const out = copy(photo.image);
  for (const s of spots) {
    for (let y = Math.floor(s.y - 2 * s.r); y <= s.y + 2 * s.r; y++) {
      for (let x = Math.floor(s.x - 3 * s.r); x <= s.x + 3 * s.r; x++) {
        if (x < 0 || y < 0 || x >= out.width || y >= out.height) continue;
        // a reflection adds light; its core saturates the sensor
        const k = Math.exp(-(((x - s.x) / (1.5 * s.r)) ** 2 + ((y - s.y) / s.r) ** 2));
        const i = (y * out.width + x) * out.channels;
        for (let c = 0; c < 3; c++) out.data[i + c] = Math.min(255, Math.round((out.data[i + c] ?? 0) + 400 * k));
      }
    }
  }
  return out;
}

/** Side light: linear light falls from 100 % to 15 % across the face, left to right (阴阳脸). */
export function sideLight(photo: Photo): RgbImage {
  const face = subjectFace(photo);
  const x0 = face.pt(234).x;
  const x1 = face.pt(454).x;
  return applyGain(photo.image, () => true, (x) => {
    const t = Math.max(0, Math.min(1, (x - x0) / (x1 - x0)));
    const g = 1 - 0.85 * t;
    return [g, g, g];
  });
}

/** Exposure change of `stops` EV over the whole frame. */
export function exposure(photo: Photo, stops: number): RgbImage {
  const g = 2 ** stops;
  return applyGain(photo.image, () => true, () => [g, g, g]);
}

/** Red-eye: the flash lit retina seen through the pupils, pupil pixels turned deep red. */
export function redPupils(photo: Photo): RgbImage {
  const face = subjectFace(photo);
  const r = face.irisRadius * 0.45;
  return applyGain(photo.image, (x, y) => [face.irisA, face.irisB].some((c) => Math.hypot(x + 0.5 - c.x, y + 0.5 - c.y) <= r), () => [6, 0.6, 0.6]);
}

/** Coloured contact lenses: the iris ring (not the pupil) tinted towards a light grey-blue. */
export function colouredContacts(photo: Photo): RgbImage {
  const face = subjectFace(photo);
  const R = face.irisRadius;
  const out = copy(photo.image);
  for (const c of [face.irisA, face.irisB]) {
    for (let y = Math.floor(c.y - R); y <= c.y + R; y++) {
      for (let x = Math.floor(c.x - R); x <= c.x + R; x++) {
        const d = Math.hypot(x + 0.5 - c.x, y + 0.5 - c.y) / R;
        if (d < 0.35 || d > 0.95 || x < 0 || y < 0 || x >= out.width || y >= out.height) continue;
        const i = (y * out.width + x) * out.channels;
        // a printed lens covers the iris with its own colour, keeping some of the iris texture
        const tint = [120, 160, 200];
        for (let k = 0; k < 3; k++) out.data[i + k] = Math.round(0.3 * (out.data[i + k] ?? 0) + 0.7 * (tint[k] ?? 0));
      }
    }
  }
  return out;
}

/** Defocus: a Gaussian blur of σ = 3 % of the face width (a lens focused well behind the subject). */
export function defocus(photo: Photo): RgbImage {
  const sigma = Math.max(1, 0.03 * subjectFace(photo).width);
  const radius = Math.ceil(2.5 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const { width, height, channels } = photo.image;
  const pass = (src: Uint8Array | Uint8ClampedArray, dx: number, dy: number): Uint8Array => {
    const dst = new Uint8Array(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          let acc = 0;
          for (let k = -radius; k <= radius; k++) {
            const sx = Math.min(width - 1, Math.max(0, x + k * dx));
            const sy = Math.min(height - 1, Math.max(0, y + k * dy));
            acc += (src[(sy * width + sx) * channels + c] ?? 0) * (kernel[k + radius] ?? 0);
          }
          dst[(y * width + x) * channels + c] = Math.round(acc / sum);
        }
      }
    }
    return dst;
  };
  return { ...photo.image, data: pass(pass(photo.image.data, 1, 0), 0, 1) };
}

/**
 * Glasses slid down the nose: each lens's real upper rim (the darkest row between the brow and the
 * eye) is copied down across the middle of the eye, where a low-sitting frame's rim would be.
 */
export function rimOverEyes(photo: Photo): RgbImage {
  const face = subjectFace(photo);
  const out = copy(photo.image);
  const { width, channels } = out;
  const rim = Math.max(2, Math.round(0.035 * face.width));
  for (const [eyeIdx, browIdx] of [[MESH.eyeA, MESH.browA], [MESH.eyeB, MESH.browB]] as const) {
    const eye = boundingBox(face.outline(eyeIdx));
    const brow = boundingBox(face.outline(browIdx));
    const x0 = Math.max(0, Math.floor(eye.x0 - 0.05 * face.width));
    const x1 = Math.min(width - 1, Math.ceil(eye.x1 + 0.05 * face.width));
    let darkest = -1;
    let darkestMean = Infinity;
    for (let y = Math.floor(brow.y1); y < eye.y0; y++) {
      let sum = 0;
      for (let x = x0; x <= x1; x++) sum += photo.image.data[(y * width + x) * channels] ?? 0;
      if (sum / (x1 - x0 + 1) < darkestMean) {
        darkestMean = sum / (x1 - x0 + 1);
        darkest = y;
      }
    }
    const target = Math.round((eye.y0 + eye.y1) / 2);
    for (let dy = -Math.floor(rim / 2); dy < Math.ceil(rim / 2); dy++) {
      for (let x = x0; x <= x1; x++) {
        const from = ((darkest + dy) * width + x) * channels;
        const to = ((target + dy) * width + x) * channels;
        for (let c = 0; c < 3; c++) out.data[to + c] = photo.image.data[from + c] ?? 0;
      }
    }
  }
  return out;
}

/**
 * The same garment in another dye: linear-light gains on the clothing (person pixels from below the
 * chin that are unlike the cheek skin), so folds and shading stay as photographed.
 */
export function dyeClothing(photo: Photo, gain: readonly [number, number, number]): RgbImage {
  const face = subjectFace(photo);
  const mask = photo.analysis.mask;
  const ctx = { face, personFaces: 1, image: photo.image, mask, parsed: null, config: { background: [0, 0, 0] as const } };
  const skin = skinModel(ctx);
  if (!skin) throw new Error(`${photo.file}: no skin model`);
  const top = face.chin.y + 0.3 * face.width;
  return applyGain(photo.image, (x, y) => {
    if (y < top || personAt(mask, photo.image, x, y) < 0.5) return false;
    const i = (y * photo.image.width + x) * photo.image.channels;
    return deltaE(rgbToLab(photo.image.data[i] ?? 0, photo.image.data[i + 1] ?? 0, photo.image.data[i + 2] ?? 0), skin.lab) > 20;
  }, () => gain);
}

/** Eyelid margins of each eye, outer corner to inner corner (image-left eye first). */
const LIDS = [
  { upper: [33, 246, 161, 160, 159, 158, 157, 173, 133], lower: [33, 7, 163, 144, 145, 153, 154, 155, 133] },
  { upper: [263, 466, 388, 387, 386, 385, 384, 398, 362], lower: [263, 249, 390, 373, 374, 380, 381, 382, 362] },
] as const;

/** y of a polyline at x (NaN outside it). */
function polylineY(line: readonly Point[], x: number): number {
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Point;
    const b = line[i] as Point;
    if ((x - a.x) * (x - b.x) <= 0 && a.x !== b.x) return a.y + ((x - a.x) / (b.x - a.x)) * (b.y - a.y);
  }
  return NaN;
}

/**
 * Closed eyes (a blink): each upper eyelid lowered onto the lower lid. Column by column, the eye
 * opening and the upper lash line are covered by lid skin, its colour running smoothly from the
 * skin just above the upper lashes to the skin just below the lower lid and shaded a little darker
 * towards the lid margin as the lid curves over the eyeball; the upper lashes, coloured like the
 * darkest pixels of the open eye, lie along the lower lid where the lids meet.
 */
export function closedEyes(photo: Photo): RgbImage {
  const face = subjectFace(photo);
  const out = copy(photo.image);
  const { width, height, channels } = out;
  const src = photo.image.data;
  const at = (x: number, y: number, c: number): number => src[(Math.min(height - 1, Math.max(0, Math.round(y))) * width + Math.min(width - 1, Math.max(0, x))) * channels + c] ?? 0;
  // skin colour beside a lid edge: averaged along the row so that single pores do not streak down the lid
  const spread = Math.max(1, Math.round(0.01 * face.width));
  const skinAt = (x: number, y: number, c: number): number => {
    let sum = 0;
    for (let dx = -spread; dx <= spread; dx++) sum += at(x + dx, y, c);
    return sum / (2 * spread + 1);
  };
  for (const [e, lids] of LIDS.entries()) {
    const eye = face.outline(e === 0 ? MESH.eyeA : MESH.eyeB);
    const box = boundingBox(eye);
    const h = box.y1 - box.y0;
    // lash colour: the darkest twentieth of the open eye (lashes and pupil)
    const sums: number[][] = [];
    forEachPixel(photo.image, box, (p) => sums.push([p.r, p.g, p.b]), { polygon: eye });
    sums.sort((a, b) => (a[0] ?? 0) + (a[1] ?? 0) + (a[2] ?? 0) - ((b[0] ?? 0) + (b[1] ?? 0) + (b[2] ?? 0)));
    const lash = sums[Math.floor(sums.length * 0.05)] ?? [30, 25, 25];
    const upper = face.outline(lids.upper);
    const lower = face.outline(lids.lower);
    const lashWidth = Math.max(0.8, 0.011 * face.width);
    for (let x = Math.max(0, Math.floor(box.x0)); x <= Math.min(width - 1, Math.ceil(box.x1)); x++) {
      const top = polylineY(upper, x + 0.5) - 0.4 * h;
      const bottom = polylineY(lower, x + 0.5);
      if (!Number.isFinite(top) || !Number.isFinite(bottom) || bottom <= top) continue;
      const y0 = Math.floor(top) - 1;
      const y1 = Math.ceil(bottom) + 1;
      for (let y = Math.max(0, y0 + 1); y < Math.min(height, y1); y++) {
        const t = (y - y0) / (y1 - y0);
        // feather the top edge over a pixel so the lid has no seam
        const cover = Math.max(0, Math.min(1, y + 0.5 - top + 0.5));
        const shade = 1 - 0.12 * Math.max(0, Math.min(1, 1 - (bottom - y) / h));
        // lashes hang down from the lid margin (on the lower lid): a sharp edge above, a longer fringe below
        const d = (y + 0.5 - bottom) / lashWidth;
        const lashW = 0.95 * Math.exp(-((d < 0 ? 2 * d : d) ** 2));
        const i = (y * width + x) * channels;
        // the skin right above the covered band keeps its pores; its colour is ramped to the skin below the lid
        const above = Math.max(0, y - (y1 - y0));
        for (let c = 0; c < 3; c++) {
          const ramp = (1 - t) * skinAt(x, y0, c) + t * skinAt(x, y1, c);
          const lid = (ramp + at(x, above, c) - skinAt(x, above, c)) * shade;
          const skin = (src[i + c] ?? 0) * (1 - cover) + lid * cover;
          out.data[i + c] = Math.max(0, Math.min(255, Math.round(skin * (1 - lashW) + (lash[c] ?? 0) * lashW)));
        }
      }
    }
  }
  return out;
}
