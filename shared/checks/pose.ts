// pose.yaw, pose.pitch and the live roll hint: head pose from the facial transformation matrix
// (yaw, pitch) and from the eye line in the image (roll, what geom.roll measures on the output).
import type { CheckResult } from '../checkResult.ts';
import { GEOMETRY, POSE_LIMITS } from '../photoStandard.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import { result, unmeasured } from './result.ts';

const YAW = { min: -POSE_LIMITS.yaw, max: POSE_LIMITS.yaw, unit: '°' };
const PITCH = { min: -POSE_LIMITS.pitch, max: POSE_LIMITS.pitch, unit: '°' };
const ROLL = { ...GEOMETRY.roll, unit: '°' };

function inRange(value: number, range: { min: number; max: number }): boolean {
  return value >= range.min && value <= range.max;
}

export function checkYaw(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('pose.yaw', YAW, 'no face');
  const yaw = ctx.face.pose.yaw;
  return result('pose.yaw', inRange(yaw, YAW) ? 'pass' : 'fail', yaw, YAW);
}

/** The reading of a frontal head at this framing (calibration.ts); without a frame, booth framing is assumed. */
export function pitchBias(faceWidth: number, frameHeight: number | null): number {
  const { deg, atShare, slope } = CALIBRATION.pitchBias;
  const share = frameHeight ? Math.min(0.8, Math.max(0.2, faceWidth / frameHeight)) : atShare;
  return deg + slope * (share - atShare);
}

export function checkPitch(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('pose.pitch', PITCH, 'no face');
  const pitch = ctx.face.pose.pitchRaw - pitchBias(ctx.face.width, ctx.image?.height ?? null);
  return result('pose.pitch', inRange(pitch, PITCH) ? 'pass' : 'fail', pitch, PITCH);
}

/** Live guidance only: on a still, geom.roll is measured on the standardized output. */
export function checkRoll(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('geom.roll', ROLL, 'no face');
  const roll = ctx.face.pose.roll;
  return result('geom.roll', inRange(roll, ROLL) ? 'pass' : 'fail', roll, ROLL);
}
