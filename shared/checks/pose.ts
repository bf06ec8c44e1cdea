// pose.yaw, pose.pitch and the live roll hint: head pose from the facial transformation matrix
// (yaw, pitch) and from the eye line in the image (roll, what geom.roll measures on the output).
import type { CheckResult, Verdict } from '../checkResult.ts';
import { GEOMETRY } from '../photoStandard.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import type { FaceGeometry } from './faceGeometry.ts';
import { result, unmeasured } from './result.ts';

// the reported thresholds are the warn limits: beyond them a reviewer looks
const YAW = { min: -CALIBRATION.yaw.warn, max: CALIBRATION.yaw.warn, unit: '°' };
const PITCH = { min: -CALIBRATION.pitch.warn, max: CALIBRATION.pitch.warn, unit: '°' };
const ROLL = { ...GEOMETRY.roll, unit: '°' };

function inRange(value: number, range: { min: number; max: number }): boolean {
  return value >= range.min && value <= range.max;
}

/** A signed angle judged by its size: warn beyond `warn`, fail beyond `fail` (calibration.ts). */
function angleVerdict(angle: number, limits: { warn: number; fail?: number }): Verdict {
  const size = Math.abs(angle);
  if (limits.fail !== undefined && size > limits.fail) return 'fail';
  return size > limits.warn ? 'warn' : 'pass';
}

export function checkYaw(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('pose.yaw', YAW, 'no face');
  const yaw = ctx.face.pose.yaw;
  return result('pose.yaw', angleVerdict(yaw, CALIBRATION.yaw), yaw, YAW);
}

/** The reading of a frontal head at this framing (calibration.ts); without a frame, booth framing is assumed. */
export function pitchBias(faceWidth: number, frameHeight: number | null): number {
  const { deg, atShare, slope } = CALIBRATION.pitchBias;
  const share = frameHeight ? Math.min(0.8, Math.max(0.2, faceWidth / frameHeight)) : atShare;
  return deg + slope * (share - atShare);
}

/** Pitch in degrees with the frontal bias removed: 0 for a level head, positive tipped down. */
export function headPitch(face: FaceGeometry, frameHeight: number | null): number {
  return face.pose.pitchRaw - pitchBias(face.width, frameHeight);
}

export function checkPitch(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('pose.pitch', PITCH, 'no face');
  const pitch = headPitch(ctx.face, ctx.image?.height ?? null);
  return result('pose.pitch', angleVerdict(pitch, CALIBRATION.pitch), pitch, PITCH);
}

/** Live guidance only: on a still, geom.roll is measured on the standardized output. */
export function checkRoll(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('geom.roll', ROLL, 'no face');
  const roll = ctx.face.pose.roll;
  return result('geom.roll', inRange(roll, ROLL) ? 'pass' : 'fail', roll, ROLL);
}
