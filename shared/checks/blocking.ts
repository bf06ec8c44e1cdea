// Which rules may block a student (return `fail`), and the figure that allows it. Every other rule
// only warns: advice for the student, a flag for the reviewer, never a block. A fail is allowed where
// the rule's fails are shown to be right — held-out fail precision ≥ 0.95 over enough fails
// (`npm run eval:checks` prints the measured figure beside the one recorded here) — or where the photo
// engine itself refuses such a photo (the spec's geometry), so that a live hint that did not block
// would only move the refusal after the capture.
import type { RuleId } from '../checkResult.ts';

export type BlockingEvidence =
  | { kind: 'held-out'; precision: number; fails: number; labels: string }
  | { kind: 'engine-refusal'; refusal: string };

const BOOTH_SETS = 'booth-rules-dev 5-fold';

export const BLOCKING: Partial<Record<RuleId, BlockingEvidence>> = {
  'face.count': { kind: 'engine-refusal', refusal: 'no_face, multiple_faces' },
  'geom.roll': { kind: 'engine-refusal', refusal: 'head_tilted' },
  'pose.yaw': { kind: 'held-out', precision: 0.96, fails: 28, labels: `${BOOTH_SETS} + ffhq` },
  'mouth.closed': { kind: 'held-out', precision: 0.98, fails: 62, labels: `${BOOTH_SETS} + celeba` },
  'light.exposure': { kind: 'held-out', precision: 0.96, fails: 26, labels: `${BOOTH_SETS} + ffhq + exposure edits` },
  'hair.ears': { kind: 'held-out', precision: 0.98, fails: 56, labels: BOOTH_SETS },
};

/** Rules that may only warn whatever the labels say (spec §7): a reviewer decides. */
export const WARN_ONLY: readonly RuleId[] = ['face.makeup', 'eyes.contacts'];

export function mayBlock(id: RuleId): boolean {
  return BLOCKING[id] !== undefined && !WARN_ONLY.includes(id);
}
