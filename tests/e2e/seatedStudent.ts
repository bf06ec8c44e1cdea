// A portrait as the booth camera would see the student in it: seated at the distance the posing
// screen's oval asks for (face width and eye height a fixed share of the frame), centred, the body
// running on past the frame's bottom edge. Never a floating cut-out: a photo whose body ends above
// the bottom edge is lowered until it reaches it, and one that cannot be framed so is skipped with
// the reason. Used by the kiosk end-to-end tests and the live-vs-still benchmark.
import sharp from 'sharp';
import { headMeasures, headTop } from '../../shared/photo/headMeasures.ts';
import { selectPerson } from '../../shared/photo/personSelection.ts';
import type { StillAnalysis } from '../../shared/vision/stillAnalysis.ts';

export const CAMERA_WIDTH = 640;
export const CAMERA_HEIGHT = 480;

/** Where the student sits, in shares of the frame height. */
export interface Seating {
  /** cheek-to-cheek face width */
  faceShare: number;
  /** eye line from the top */
  eyeAt: number;
}

/**
 * The posing screen's oval (renderer PosingScreen: an ellipse 100 of 400 units wide, centred 115 of
 * 300 down, on the 4:3 video) holds a face about 0.3 frame heights wide with the eyes at ~0.36.
 */
export const OVAL_SEATING: Seating = { faceShare: 0.3, eyeAt: 0.36 };

/** Seated students do not sit lower than this (eye line share); a body ending higher is not framed. */
const LOWEST_EYES = 0.5;
/** A hair top within this share of the photo's top edge is cut off there: the photo has no room above the head. */
const HAIR_AT_EDGE = 0.01;

export interface PortraitMeasures {
  width: number;
  height: number;
  faceWidth: number;
  eyeY: number;
  midlineX: number;
  headTopY: number;
}

export type Framing = { ok: true; scale: number; left: number; top: number; eyeAt: number } | { ok: false; reason: string };

/** The student's face, eyes and hair top in the portrait, from the booth's own still analysis of it. */
export function portraitMeasures(analysis: StillAnalysis): PortraitMeasures | { skip: string } {
  const person = selectPerson(analysis);
  if (!person.ok) return { skip: `no single person (${person.refusal.reason})` };
  if (!analysis.mask) return { skip: 'no person mask' };
  const g = headMeasures(person.face);
  const top = headTop(analysis.mask, g, analysis.width, analysis.height);
  return { width: analysis.width, height: analysis.height, faceWidth: g.faceWidth, eyeY: g.eyeCentre.y, midlineX: g.midlineX, headTopY: top.y };
}

/** Scale and offset of the portrait in the camera frame, or why it cannot be framed as a seated student. */
export function seat(m: PortraitMeasures, seating: Seating = OVAL_SEATING): Framing {
  const scale = (seating.faceShare * CAMERA_HEIGHT) / m.faceWidth;
  let top = seating.eyeAt * CAMERA_HEIGHT - m.eyeY * scale;
  const bottom = top + m.height * scale;
  // the body must reach the frame's bottom edge: a photo that ends higher sits lower
  if (bottom < CAMERA_HEIGHT) top += CAMERA_HEIGHT - bottom;
  const eyeAt = (top + m.eyeY * scale) / CAMERA_HEIGHT;
  if (eyeAt > LOWEST_EYES) return { ok: false, reason: `the photo ends ${((m.height - m.eyeY) / m.faceWidth).toFixed(2)} face widths below the eyes: too little body to reach the frame's bottom edge` };
  // room above the photo is filled by repeating its top rows, which must then be backdrop, not hair
  if (top > 0 && m.headTopY < HAIR_AT_EDGE * m.height) return { ok: false, reason: 'the hair reaches the photo\'s top edge and the frame would need more above it' };
  return { ok: true, scale, left: CAMERA_WIDTH / 2 - m.midlineX * scale, top, eyeAt };
}

/** The camera frame (RGB, CAMERA_WIDTH x CAMERA_HEIGHT): the portrait placed by `framing`, its edges repeated where it does not reach. */
export async function seatedFrame(file: string, framing: Extract<Framing, { ok: true }>): Promise<Buffer> {
  const { scale, left, top } = framing;
  const scaled = await sharp(file).rotate().removeAlpha().resize({ width: Math.max(1, Math.round((await orientedWidth(file)) * scale)) }).raw().toBuffer({ resolveWithObject: true });
  const x = Math.round(left);
  const y = Math.round(top);
  const pad = {
    left: Math.max(0, x), top: Math.max(0, y),
    right: Math.max(0, CAMERA_WIDTH - (x + scaled.info.width)), bottom: Math.max(0, CAMERA_HEIGHT - (y + scaled.info.height)),
  };
  const raw = { raw: { width: scaled.info.width, height: scaled.info.height, channels: 3 as const } };
  const extended = await sharp(scaled.data, raw).extend({ ...pad, extendWith: 'copy' }).raw().toBuffer({ resolveWithObject: true });
  const crop = { left: Math.max(0, -x), top: Math.max(0, -y), width: CAMERA_WIDTH, height: CAMERA_HEIGHT };
  return sharp(extended.data, { raw: { width: extended.info.width, height: extended.info.height, channels: 3 } }).extract(crop).raw().toBuffer();
}

async function orientedWidth(file: string): Promise<number> {
  const meta = await sharp(file).metadata();
  const width = (meta.orientation ?? 1) >= 5 ? meta.height : meta.width;
  if (!width) throw new Error(`${file} has no size`);
  return width;
}
