// The one check-result format every check reports (spec §7), used by the booth, the runner,
// the review service and the benchmarks.
import { z } from 'zod';

export const RULE_IDS = [
  'file.format', 'file.dimensions', 'file.dpi', 'file.size', 'file.quality',
  'geom.head_top', 'geom.eye_line', 'geom.face_width', 'geom.centered', 'geom.roll',
  'bg.uniform', 'bg.color', 'bg.edge', 'bg.leftover',
  'face.count',
  'pose.yaw', 'pose.pitch',
  'eyes.open', 'eyes.gaze',
  'mouth.closed',
  'glasses.tinted', 'glasses.glare', 'glasses.frame_over_eyes',
  'wear.headwear', 'wear.earrings', 'wear.necklace',
  'hair.eyebrows', 'hair.ears',
  'clothes.contrast', 'clothes.blue', 'clothes.pattern',
  'light.balance', 'light.highlights', 'light.exposure', 'light.red_eye',
  'image.sharpness',
  'body.shoulders_level',
  'face.makeup', 'eyes.contacts',
] as const;

export const RuleIdSchema = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof RuleIdSchema>;

export const VerdictSchema = z.enum(['pass', 'warn', 'fail']);
export type Verdict = z.infer<typeof VerdictSchema>;

/** The allowed range of a measured value, in the unit it is measured in. */
export const ThresholdSchema = z.object({
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().min(1),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

export const CheckResultSchema = z.object({
  id: RuleIdSchema,
  verdict: VerdictSchema,
  /** what was measured, in threshold.unit; null where nothing could be measured */
  value: z.number().nullable(),
  threshold: ThresholdSchema,
  message_zh: z.string().min(1),
  message_en: z.string().min(1),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

/** A verdict from a measured value and its allowed range: inside passes, outside gets `outside`. */
export function verdictInRange(value: number | null, threshold: Threshold, outside: Verdict = 'fail'): Verdict {
  if (value === null || !Number.isFinite(value)) return outside;
  if (threshold.min !== undefined && value < threshold.min) return outside;
  if (threshold.max !== undefined && value > threshold.max) return outside;
  return 'pass';
}

/** The worst verdict of a list: fail over warn over pass. */
export function worstVerdict(results: readonly Pick<CheckResult, 'verdict'>[]): Verdict {
  if (results.some((r) => r.verdict === 'fail')) return 'fail';
  if (results.some((r) => r.verdict === 'warn')) return 'warn';
  return 'pass';
}
