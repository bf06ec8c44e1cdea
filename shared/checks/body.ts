// body.shoulders_level: the slope of the shoulder line, from the top edge of the person mask at
// one face width either side of the chin.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import type { PersonMask } from '../vision/stillAnalysis.ts';
import { personAt } from './image.ts';
import { graded, unmeasured } from './result.ts';

/** First person row at column x scanning down from `fromY`, or null if none before `toY`. */
function shoulderTop(mask: PersonMask, size: { width: number; height: number }, x: number, fromY: number, toY: number): number | null {
  const step = Math.max(1, (toY - fromY) / 200);
  for (let y = fromY; y < Math.min(toY, size.height); y += step) {
    if (personAt(mask, size, x, y) >= 0.5) return y;
  }
  return null;
}

/** Absolute shoulder-line angle in degrees. */
export function shoulderAngle(ctx: CheckContext): number | null {
  const f = ctx.face;
  const size = ctx.image;
  if (!f || !size || !ctx.mask) return null;
  const dx = 1.0 * f.width;
  const xa = f.chin.x - dx;
  const xb = f.chin.x + dx;
  // a face crop shows no shoulders: the frame must reach well below the chin and out to both sides
  if (xa < 0 || xb >= size.width || f.chin.y + 0.8 * f.width > size.height) return null;
  // start below the jaw so that the head and a hanging ear are not taken for a shoulder
  const from = f.chin.y - 0.1 * f.width;
  const to = f.chin.y + 1.3 * f.width;
  const ya = shoulderTop(ctx.mask, size, xa, from, to);
  const yb = shoulderTop(ctx.mask, size, xb, from, to);
  if (ya === null || yb === null) return null;
  return Math.abs((Math.atan2(yb - ya, xb - xa) * 180) / Math.PI);
}

export function checkShouldersLevel(ctx: CheckContext): CheckResult {
  const v = shoulderAngle(ctx);
  if (v === null) return unmeasured('body.shoulders_level', { max: CALIBRATION.shouldersLevel.warn, unit: '°' }, 'shoulders not in the frame');
  return graded('body.shoulders_level', v, CALIBRATION.shouldersLevel, '°');
}
