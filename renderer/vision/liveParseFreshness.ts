// When a live parse still describes the face in front of the camera: the review forecast maps the
// class map onto the output through the crop it was made of, so a parse is only as good as that
// crop's fit to the face now. Pure, so the guidance worker and the tests share it.
import { faceParseCrop } from '../../shared/vision/faceParserContract.ts';
import type { FaceObservation, FaceParse } from '../../shared/vision/stillAnalysis.ts';

/**
 * A parse is asked for this often while one face is framed well: one costs ~400–530 ms of a core,
 * which the landmarks need for the live rate (every 2 s measured live_fps 22.9 on 2 cores).
 */
export const PARSE_EVERY_MS = 3000;
/** How late the next parse may be before the last one lapses (the parser is then slow or lost). */
export const PARSE_GRACE_MS = 1000;
/**
 * The face may move this far (crop centre, in crop sides) or grow or shrink this much before the
 * parse is dropped: 0.06 of a 2.6-face-width crop is ~0.15 face widths, a good part of an ear.
 */
export const PARSE_MAX_SHIFT = 0.06;
export const PARSE_MAX_SCALE = 0.08;

/**
 * How long a parse that took `latencyMs` from its frame to its user is used after it came: until the
 * next one is PARSE_GRACE_MS late. The next frame is handed over PARSE_EVERY_MS after this one's, or
 * when this one came if it took longer, so it comes max(PARSE_EVERY_MS, latency) after this one —
 * 4 s in all on an idle kiosk (~0.5 s a parse); a loaded 2-core machine took 0.6–2.2 s (measured),
 * where a lifetime counted from the frame would lapse before the next parse and flicker.
 */
export function parseLifetimeMs(latencyMs: number): number {
  return Math.max(PARSE_EVERY_MS, latencyMs) + PARSE_GRACE_MS;
}

/** A class map of a camera frame, with that frame's timestamp, when it reached its user and for how long it holds. */
export interface LiveParse {
  timestamp: number;
  receivedAt: number;
  lifetimeMs: number;
  parse: FaceParse;
}

/** `latest` if its lifetime has not run out at `now` and `face` still sits where it was parsed; else null. */
export function freshParse(latest: LiveParse | null, face: FaceObservation, now: number): LiveParse | null {
  if (!latest || now - latest.receivedAt > latest.lifetimeMs) return null;
  const then = latest.parse.crop;
  const crop = faceParseCrop(face);
  const shift = Math.hypot(crop.x + crop.size / 2 - (then.x + then.size / 2), crop.y + crop.size / 2 - (then.y + then.size / 2)) / then.size;
  return shift <= PARSE_MAX_SHIFT && Math.abs(crop.size / then.size - 1) <= PARSE_MAX_SCALE ? latest : null;
}
