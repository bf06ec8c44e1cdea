// When a live parse still describes the face in front of the camera: the review forecast maps the
// class map onto the output through the crop it was made of, so a parse is only as good as that
// crop's fit to the face now. Pure, so the guidance worker and the tests share it.
import { faceParseCrop } from '../../shared/vision/faceParserContract.ts';
import type { FaceObservation, FaceParse } from '../../shared/vision/stillAnalysis.ts';

/** A parse is asked for this often while one face is framed well (one costs ~400 ms of a core). */
export const PARSE_EVERY_MS = 2000;
/**
 * A parse not renewed this long after it came is not used: the parser is late or lost. Counted from
 * its arrival, not its frame: a parse takes 0.4 s on an idle kiosk but 1–3 s on a loaded 2-core
 * machine (measured), and counted from the frame the last one would lapse before the next came.
 */
export const PARSE_STALE_MS = 3000;
/**
 * The face may move this far (crop centre, in crop sides) or grow or shrink this much before the
 * parse is dropped: 0.06 of a 2.6-face-width crop is ~0.15 face widths, a good part of an ear.
 */
export const PARSE_MAX_SHIFT = 0.06;
export const PARSE_MAX_SCALE = 0.08;

/** A class map of a camera frame, with that frame's timestamp and when it reached its user. */
export interface LiveParse {
  timestamp: number;
  receivedAt: number;
  parse: FaceParse;
}

/** `latest` if it came less than PARSE_STALE_MS before `now` and `face` still sits where it was parsed; else null. */
export function freshParse(latest: LiveParse | null, face: FaceObservation, now: number): LiveParse | null {
  if (!latest || now - latest.receivedAt > PARSE_STALE_MS) return null;
  const then = latest.parse.crop;
  const crop = faceParseCrop(face);
  const shift = Math.hypot(crop.x + crop.size / 2 - (then.x + then.size / 2), crop.y + crop.size / 2 - (then.y + then.size / 2)) / then.size;
  return shift <= PARSE_MAX_SHIFT && Math.abs(crop.size / then.size - 1) <= PARSE_MAX_SCALE ? latest : null;
}
