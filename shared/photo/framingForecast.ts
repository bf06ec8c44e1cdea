// What the photo engine would say of a still taken now: the engine's own steps (person selection,
// the roll limit, the hair top in the person mask, the crop solver) on a live frame's landmarks and
// person mask, scaled to the still the capture will take. Pure; the live guide says its refusals
// before the countdown, in the engine's words (refusals.ts), and renders its crop to forecast the
// review screen's rules.
import { GEOMETRY } from '../photoStandard.ts';
import type { FaceObservation, StillAnalysis } from '../vision/stillAnalysis.ts';
import { solveCrop, type Crop, type CropRefusal } from './cropSolver.ts';
import { headMeasures, headTop } from './headMeasures.ts';
import type { OutputMapping } from './outputMapping.ts';
import { selectPerson } from './personSelection.ts';

/**
 * Output pixels the coarse hair top must stay below the frame's top edge. The engine refuses when
 * the hair top of its refined matte is within 1 px of that edge, and the refined top was measured up
 * to 3.6 px above the coarse mask's (docs/live-guide.md, "The head top"): closer than 1 + 3.6, it may refuse.
 */
export const HEAD_TOP_ROOM_PX = 5;

/** The refusals a still can get for the student's pose and framing: the ones the live guide foresees. */
export type ForecastRefusal = 'no_face' | 'multiple_faces' | 'head_tilted' | 'head_cut_off' | CropRefusal;

export interface ForecastInput {
  /** the live frame's faces and person mask (the mask may be a few frames older), in frame pixels */
  live: StillAnalysis;
  /** the still the capture will take: the same camera image at its full resolution */
  still: { width: number; height: number };
}

export type FramingForecast =
  | {
      ok: true;
      /** the engine's crop of the still */
      crop: Crop;
      /** the student's face in frame pixels */
      face: FaceObservation;
      /** frame pixels onto the 480x640 output */
      mapping: OutputMapping;
      /** output pixels between the coarse hair top and the frame's top edge (Infinity when the frame starts above the output) */
      headTopRoom: number;
    }
  | { ok: false; reason: ForecastRefusal };

export function forecastFraming({ live, still }: ForecastInput): FramingForecast {
  const person = selectPerson(live);
  if (!person.ok) return { ok: false, reason: person.refusal.reason === 'multiple_faces' ? 'multiple_faces' : 'no_face' };
  if (!live.mask) return { ok: false, reason: 'no_face' };
  const g = headMeasures(person.face);
  if (Math.abs(g.rollDeg) > GEOMETRY.roll.max) return { ok: false, reason: 'head_tilted' };
  const top = headTop(live.mask, g, live.width, live.height);
  if (top.cutOff) return { ok: false, reason: 'head_cut_off' };
  const kx = still.width / live.width;
  const ky = still.height / live.height;
  const solved = solveCrop({
    frameWidth: still.width, frameHeight: still.height,
    eyeY: g.eyeCentre.y * ky, headTopY: top.y * ky, faceWidth: g.faceWidth * kx, midlineX: g.midlineX * kx,
  });
  if (!solved.ok) return { ok: false, reason: solved.reason };
  const { crop } = solved;
  const mapping: OutputMapping = { scaleX: crop.scale * kx, scaleY: crop.scale * ky, offsetX: -crop.x0 * crop.scale, offsetY: -crop.y0 * crop.scale };
  // the engine refuses hair reaching the frame's top row (its first row inside the output)
  const headTopRoom = mapping.offsetY > 0 ? crop.predicted.headTop - mapping.offsetY : Infinity;
  if (headTopRoom < HEAD_TOP_ROOM_PX) return { ok: false, reason: 'head_cut_off' };
  return { ok: true, crop, face: person.face, mapping, headTopRoom };
}
