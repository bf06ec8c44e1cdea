// When a live parse still describes the face in front of the camera: the review forecast maps the
// class map onto the output through the crop it was made of, so a parse is only as good as that
// crop's fit to the face now. Pure, so the guidance worker and the tests share it.
import { faceParseCrop } from '../../shared/vision/faceParserContract.ts';
import type { FaceObservation, FaceParse } from '../../shared/vision/stillAnalysis.ts';

/** A parse is asked for this often while one face is framed well (one costs ~400 ms of a core). */
export const PARSE_EVERY_MS = 2000;
/** Older than this (frame time to frame time) a parse is not used: one renewal may be late, not two. */
export const PARSE_STALE_MS = 3000;
/**
 * The face may move this far (crop centre, in crop sides) or grow or shrink this much before the
 * parse is dropped: 0.06 of a 2.6-face-width crop is ~0.15 face widths, a good part of an ear.
 */
export const PARSE_MAX_SHIFT = 0.06;
export const PARSE_MAX_SCALE = 0.08;

/** A class map of a camera frame, with that frame's timestamp. */
export interface LiveParse {
  timestamp: number;
  parse: FaceParse;
}

/** `latest` if it is recent and the face at `timestamp` still sits where it was parsed; else null. */
export function freshParse(latest: LiveParse | null, face: FaceObservation, timestamp: number): LiveParse | null {
  if (!latest || timestamp - latest.timestamp > PARSE_STALE_MS) return null;
  const then = latest.parse.crop;
  const now = faceParseCrop(face);
  const shift = Math.hypot(now.x + now.size / 2 - (then.x + then.size / 2), now.y + now.size / 2 - (then.y + then.size / 2)) / then.size;
  return shift <= PARSE_MAX_SHIFT && Math.abs(now.size / then.size - 1) <= PARSE_MAX_SCALE ? latest : null;
}
