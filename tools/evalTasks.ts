// What each rule is scored against: which label of which set says a photo violates it, and how the
// rule's measured value orders photos (higher score = more likely a violation). booth-rules-dev is the
// main labelled set; the older face sets add labels where it has few positives.
import type { RuleId } from '../shared/checkResult.ts';
import type { EvalSample, SetName } from './evalSets.ts';

export interface RuleTask {
  rule: RuleId;
  /** the labels, for the table */
  labels: string;
  /** true = the photo violates the rule, false = it does not, null = not labelled */
  truth: (s: EvalSample) => boolean | null;
  /** the rule's value turned into a score (higher = worse); identity by default */
  score?: (value: number) => number;
  /** the score threshold back in the rule's own unit, for calibration.ts */
  unscore?: (score: number) => number;
  /** the limit is the spec's own (an engine refusal): scored at the shipped verdicts, never tuned */
  fixed?: true;
}

type Truth = (s: EvalSample) => boolean | null;

/** A 0/1 label column of one set; `violation` is the value that breaks the rule. */
const column = (set: SetName, name: string, violation: '0' | '1'): Truth => (s) => {
  if (s.set !== set) return null;
  const v = s.labels[name];
  return v === '0' || v === '1' ? v === violation : null;
};
const celeba = (name: string): Truth => (s) => {
  if (s.set !== 'celeba') return null;
  const v = s.labels[name];
  return v === '1' ? true : v === '-1' ? false : null;
};
const ffhq = (test: (labels: Record<string, string>) => boolean): Truth => (s) => (s.set === 'ffhq' ? test(s.labels) : null);
/** the first set that labels the photo decides */
const any = (...truths: Truth[]): Truth => (s) => {
  for (const t of truths) {
    const v = t(s);
    if (v !== null) return v;
  }
  return null;
};
const booth = (name: string, violation: '0' | '1'): Truth => column('booth', name, violation);
/** an edited photo (tools/evalEdits.ts) is a positive of its own rule, and says nothing of the others */
const edit = (rule: RuleId): Truth => (s) => (s.set === 'edits' ? (s.labels.edit === rule ? true : null) : null);
const abs = (v: number): number => Math.abs(v);
const negate = (v: number): number => -v;

export const TASKS: readonly RuleTask[] = [
  { rule: 'face.count', labels: 'booth people', fixed: true, truth: (s) => (s.set === 'booth' && s.labels.people ? s.labels.people !== '1' : null) },
  { rule: 'pose.yaw', labels: 'booth yaw_ok + ffhq abs(yaw) > 8°', truth: any(booth('yaw_ok', '0'), ffhq((l) => Math.abs(Number(l.yaw)) > 8)), score: abs },
  { rule: 'pose.pitch', labels: 'booth pitch_ok + ffhq abs(pitch) > 10°', truth: any(booth('pitch_ok', '0'), ffhq((l) => Math.abs(Number(l.pitch)) > 10)), score: abs },
  { rule: 'geom.roll', labels: 'booth roll_ok (the engine refuses > 3°)', fixed: true, truth: booth('roll_ok', '0'), score: abs },
  { rule: 'eyes.open', labels: 'booth eyes_open + ffhq eyeOccluded + closed-eye edits', truth: any(edit('eyes.open'), booth('eyes_open', '0'), ffhq((l) => l.eyeOccluded === 'True')) },
  { rule: 'eyes.gaze', labels: 'booth gaze_camera', truth: booth('gaze_camera', '0') },
  { rule: 'mouth.closed', labels: 'booth mouth_closed + celeba Mouth_Slightly_Open', truth: any(booth('mouth_closed', '0'), celeba('Mouth_Slightly_Open')) },
  { rule: 'glasses.tinted', labels: 'booth glasses_tinted + ffhq Sunglasses + tinted-lens edits', truth: any(edit('glasses.tinted'), booth('glasses_tinted', '1'), ffhq((l) => l.glasses === 'Sunglasses')) },
  { rule: 'glasses.glare', labels: 'booth glasses_glare + lens-glare edits', truth: any(edit('glasses.glare'), booth('glasses_glare', '1')) },
  { rule: 'glasses.frame_over_eyes', labels: 'booth frame_over_eyes + rim edits', truth: any(edit('glasses.frame_over_eyes'), booth('frame_over_eyes', '1')) },
  { rule: 'wear.headwear', labels: 'booth headwear + celeba Wearing_Hat + ffhq headwear', truth: any(booth('headwear', '1'), celeba('Wearing_Hat'), ffhq((l) => l.accessories?.includes('headwear') ?? false)) },
  { rule: 'wear.earrings', labels: 'booth earrings + celeba Wearing_Earrings', truth: any(booth('earrings', '1'), celeba('Wearing_Earrings')) },
  { rule: 'wear.necklace', labels: 'booth necklace + celeba Wearing_Necklace', truth: any(booth('necklace', '1'), celeba('Wearing_Necklace')) },
  { rule: 'hair.ears', labels: 'booth ears_covered_by_hair', truth: booth('ears_covered_by_hair', '1') },
  { rule: 'hair.eyebrows', labels: 'booth brows_covered_by_hair + celeba Bangs + ffhq foreheadOccluded', truth: any(booth('brows_covered_by_hair', '1'), celeba('Bangs'), ffhq((l) => l.foreheadOccluded === 'True')) },
  { rule: 'clothes.blue', labels: 'booth clothes_blue', truth: booth('clothes_blue', '1') },
  { rule: 'clothes.pattern', labels: 'booth clothes_pattern', truth: booth('clothes_pattern', '1') },
  { rule: 'light.balance', labels: 'booth light_even + side-light edits', truth: any(edit('light.balance'), booth('light_even', '0')) },
  {
    rule: 'light.exposure', labels: 'booth over/underexposed + ffhq overExposure + exposure edits',
    truth: any(edit('light.exposure'), (s) => (s.set === 'booth' && s.labels.overexposed && s.labels.underexposed ? s.labels.overexposed === '1' || s.labels.underexposed === '1' : null), ffhq((l) => l.exposure === 'overExposure')),
    // the allowed skin lightness is a range around L* 60: the score is the distance from its middle
    score: (v) => Math.abs(v - 60),
  },
  { rule: 'light.red_eye', labels: 'red-pupil edits', truth: edit('light.red_eye') },
  { rule: 'image.sharpness', labels: 'booth blurry + celeba Blurry + ffhq blur ≠ low', truth: any(booth('blurry', '1'), celeba('Blurry'), ffhq((l) => l.blur !== 'low')), score: negate, unscore: negate },
  { rule: 'body.shoulders_level', labels: 'booth shoulders_level', truth: booth('shoulders_level', '0') },
  { rule: 'face.makeup', labels: 'booth makeup_heavy + celeba Heavy_Makeup + ffhq eye/lipMakeup', truth: any(booth('makeup_heavy', '1'), celeba('Heavy_Makeup'), ffhq((l) => l.eyeMakeup === 'True' || l.lipMakeup === 'True')) },
];

/** booth-rules-dev photos that no label marks as violating any rule (empty cells allowed): the false-block rate is over these. */
export function cleanOnEveryLabel(s: EvalSample): boolean {
  if (s.set !== 'booth') return false;
  return TASKS.every((t) => t.truth(s) !== true) && s.labels.teeth_visible !== '1';
}
