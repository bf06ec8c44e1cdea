// Every compliance rule, which check function decides it, and where it runs: "live" rules are cheap
// enough for every video frame (well under a millisecond on a 640x480 frame, see bench/checks.bench.ts);
// "still" rules run on the captured photo.
import type { CheckResult, RuleId } from '../checkResult.ts';
import { BLOCKING, type BlockingEvidence } from './blocking.ts';
import { checkClothesBlue, checkClothesContrast, checkClothesPattern } from './clothes.ts';
import type { CheckContext } from './context.ts';
import { checkContacts, checkEyesOpen, checkGaze } from './eyes.ts';
import { checkFaceCount } from './faceCount.ts';
import { checkFrameOverEyes, checkGlare, checkTinted } from './glasses.ts';
import { checkHairEars, checkHairEyebrows } from './hair.ts';
import { checkBalance, checkExposure, checkHighlights, checkRedEye } from './light.ts';
import { checkMakeup } from './makeup.ts';
import { checkMouthClosed } from './mouth.ts';
import { checkPitch, checkRoll, checkYaw } from './pose.ts';
import { checkSharpness } from './sharpness.ts';
import { checkShouldersLevel } from './body.ts';
import { checkEarrings, checkHeadwear, checkNecklace } from './wear.ts';

export interface RuleEntry {
  id: RuleId;
  check: (ctx: CheckContext) => CheckResult;
  /** runs on video frames for live guidance */
  live: boolean;
  /** runs on the captured still (geom.roll is measured on the standardized output instead) */
  still: boolean;
  /** why this rule may fail (blocking.ts); null: it only ever warns */
  blocks: BlockingEvidence | null;
}

const ENTRIES: readonly Omit<RuleEntry, 'blocks'>[] = [
  { id: 'face.count', check: checkFaceCount, live: false, still: true },
  { id: 'pose.yaw', check: checkYaw, live: true, still: true },
  { id: 'pose.pitch', check: checkPitch, live: true, still: true },
  { id: 'geom.roll', check: checkRoll, live: true, still: false },
  { id: 'eyes.open', check: checkEyesOpen, live: true, still: true },
  { id: 'eyes.gaze', check: checkGaze, live: true, still: true },
  { id: 'mouth.closed', check: checkMouthClosed, live: true, still: true },
  { id: 'glasses.tinted', check: checkTinted, live: false, still: true },
  // still only: on a live frame there is no face parser to say whether glasses are worn
  { id: 'glasses.glare', check: checkGlare, live: false, still: true },
  { id: 'glasses.frame_over_eyes', check: checkFrameOverEyes, live: false, still: true },
  { id: 'wear.headwear', check: checkHeadwear, live: false, still: true },
  { id: 'wear.earrings', check: checkEarrings, live: false, still: true },
  { id: 'wear.necklace', check: checkNecklace, live: false, still: true },
  { id: 'hair.eyebrows', check: checkHairEyebrows, live: true, still: true },
  { id: 'hair.ears', check: checkHairEars, live: false, still: true },
  { id: 'clothes.contrast', check: checkClothesContrast, live: false, still: true },
  { id: 'clothes.blue', check: checkClothesBlue, live: false, still: true },
  { id: 'clothes.pattern', check: checkClothesPattern, live: false, still: true },
  { id: 'light.balance', check: checkBalance, live: false, still: true },
  { id: 'light.highlights', check: checkHighlights, live: false, still: true },
  { id: 'light.exposure', check: checkExposure, live: false, still: true },
  { id: 'light.red_eye', check: checkRedEye, live: false, still: true },
  { id: 'image.sharpness', check: checkSharpness, live: false, still: true },
  { id: 'body.shoulders_level', check: checkShouldersLevel, live: false, still: true },
  { id: 'face.makeup', check: checkMakeup, live: false, still: true },
  { id: 'eyes.contacts', check: checkContacts, live: false, still: true },
];

export const RULES: readonly RuleEntry[] = ENTRIES.map((r) => ({ ...r, blocks: BLOCKING[r.id] ?? null }));

export const STILL_RULE_IDS: readonly RuleId[] = RULES.filter((r) => r.still).map((r) => r.id);
export const LIVE_RULE_IDS: readonly RuleId[] = RULES.filter((r) => r.live).map((r) => r.id);

export { WARN_ONLY } from './blocking.ts';
