// Physically sensible edits of real photos for the check tests: each imitates what a camera would
// record in the situation the rule is about, applied only where that situation acts (a tinted lens
// only darkens what is behind the lens). Landmarks do not move under these edits, so the original
// photo's vision results stay valid for the edited pixels, except where a test re-runs the models.
import type { RgbImage } from '../../shared/checks/image.ts';
import { faceGeometry, MESH, type FaceGeometry } from '../../shared/checks/faceGeometry.ts';
import type { Photo } from './checkFixtures.ts';
import { boundingBox, deltaE, personAt, rgbToLab } from '../../shared/checks/image.ts';
import { skinModel } from '../../shared/checks/context.ts';

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
  const ctx = { face, personFaces: 1, image: photo.image, mask, config: { background: [0, 0, 0] as const } };
  const skin = skinModel(ctx);
  if (!skin) throw new Error(`${photo.file}: no skin model`);
  const top = face.chin.y + 0.3 * face.width;
  return applyGain(photo.image, (x, y) => {
    if (y < top || personAt(mask, photo.image, x, y) < 0.5) return false;
    const i = (y * photo.image.width + x) * photo.image.channels;
    return deltaE(rgbToLab(photo.image.data[i] ?? 0, photo.image.data[i + 1] ?? 0, photo.image.data[i + 2] ?? 0), skin.lab) > 20;
  }, () => gain);
}
