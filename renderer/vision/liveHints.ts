// Turns one live observation into the posing hints, most important first, so the student sees one
// instruction at a time. Every hint foresees what the still will get: the photo engine's refusals
// from the live forecast of its framing (in the engine's own words, shared/photo/refusals.ts), then
// the review screen's rules on the forecast output (shared/photo/reviewForecast.ts) — or, while the
// framing is still refused, the live subset of the rules (shared/checks runLiveChecks). Where the
// booth has a face parser, nothing is green until its rules (hair over the ears, earrings...) have
// been forecast too.
import type { CheckResult, RuleId } from '../../shared/checkResult.ts';
import { messagesFor } from '../../shared/checks/messages.ts';
import { LIVE_RULE_IDS, RULES } from '../../shared/checks/registry.ts';
import { faceGeometry } from '../../shared/checks/faceGeometry.ts';
import type { ForecastRefusal } from '../../shared/photo/framingForecast.ts';
import { REFUSALS, RETRY_ADVICE } from '../../shared/photo/refusals.ts';
import type { LiveObservation } from './liveGuidanceProtocol.ts';

export interface Hint {
  id: string;
  ok: boolean;
  /** what to do when not ok, or what is fine when ok */
  zh: string;
  en: string;
  /** the engine's refusal this hint foresees: a still taken now would get no photo at all */
  refusal: ForecastRefusal | null;
}

/** The live hint of each refusal the forecast can give. */
export const REFUSAL_HINT_IDS = {
  no_face: 'face.none',
  multiple_faces: 'face.count',
  face_too_small: 'frame.distance_far',
  frame_too_short: 'frame.shoulders',
  head_cut_off: 'frame.head_top',
  hair_too_high: 'hair.too_high',
  head_tilted: 'geom.roll',
} as const satisfies Record<ForecastRefusal, string>;

/** Comfort limits the engine does not refuse by, in frame-height / frame-width units. */
export const FRAMING = {
  /** below this the landmarks, and so every live rule, get unreliable whatever the camera's resolution */
  minFaceWidth: 0.15,
  /** further off-centre, the crop extends the canvas beside the shoulders */
  maxCentreOffset: 0.08,
} as const;

/** The order the rules are worth fixing in: pose first (it moves everything else), then face details; the rest after, in registry order. */
const RULE_PRIORITY: readonly RuleId[] = ['pose.yaw', 'pose.pitch', 'eyes.open', 'eyes.gaze', 'mouth.closed', 'hair.eyebrows', 'glasses.glare'];
const priority = (id: RuleId): number => {
  const i = RULE_PRIORITY.indexOf(id);
  return i < 0 ? RULE_PRIORITY.length : i;
};

type Text = { readonly zh: string; readonly en: string };
const hint = (id: string, ok: boolean, fix: Text, fine: Text, refusal: ForecastRefusal | null = null): Hint =>
  ({ id, ok, zh: ok ? fine.zh : fix.zh, en: ok ? fine.en : fix.en, refusal: ok ? null : refusal });
/** the hint of a refusal: red exactly when the forecast gives it */
const refusalHint = (reason: ForecastRefusal, given: ForecastRefusal | null, fine: Text): Hint =>
  hint(REFUSAL_HINT_IDS[reason], given !== reason, REFUSALS[reason], fine, reason);
/** a warning is explained on the review screen; only a failure holds the capture back */
const fromCheck = (check: CheckResult): Hint => ({ id: check.id, ok: check.verdict !== 'fail', zh: check.message_zh, en: check.message_en, refusal: null });
const passText = (id: RuleId): Text => {
  const [zh, en] = messagesFor(id).pass;
  return { zh, en };
};
const NOTHING: Text = { zh: '', en: '' };
// the camera sees the student's right on the image left: a face on the image right moves to their right
const TO_THE_RIGHT: Text = { zh: '请向右移动一点，让脸在框的中间', en: 'Move a little to your right' };
const TO_THE_LEFT: Text = { zh: '请向左移动一点，让脸在框的中间', en: 'Move a little to your left' };
const CENTRE_WORDS = [TO_THE_RIGHT, TO_THE_LEFT] as const;
/** Shown when all else is fine but the parser has not yet seen this face (about half a second). */
export const PARSE_PENDING_ID = 'parse.pending';
const PARSE_PENDING: Text = { zh: '请保持不动，正在检查细节', en: 'Hold still, checking the details' };

/**
 * Every live hint in priority order; the first one not ok is what the student is told.
 * `awaitingParse`: the booth's parser runs but its word on this face is not in `observation.review` yet.
 */
export function liveHints(observation: LiveObservation, awaitingParse = false): Hint[] {
  const { framing, faces, width, height } = observation;
  const first = faces[0];
  const refused = framing && !framing.ok ? framing.reason : null;
  if (!first || !framing || refused === 'no_face') return [refusalHint('no_face', 'no_face', NOTHING)];
  if (refused === 'multiple_faces') return [refusalHint('multiple_faces', 'multiple_faces', NOTHING)];
  const g = faceGeometry(first);
  const centreOffset = ((g.pt(234).x + g.pt(454).x) / 2 - width / 2) / width;
  const framingHints: Hint[] = [
    g.width / height < FRAMING.minFaceWidth
      ? hint('frame.distance_far', false, REFUSALS.face_too_small, NOTHING)
      : refusalHint('face_too_small', refused, { zh: '距离合适', en: 'Distance right' }),
    hint('frame.centre', Math.abs(centreOffset) <= FRAMING.maxCentreOffset, centreOffset > 0 ? TO_THE_RIGHT : TO_THE_LEFT, { zh: '位置居中', en: 'Centred' }),
    refusalHint('frame_too_short', refused, { zh: '肩膀在画面内', en: 'Shoulders in view' }),
    refusalHint('head_cut_off', refused, { zh: '头顶在画面内', en: 'Top of your head in view' }),
    refusalHint('hair_too_high', refused, { zh: '发型高度合适', en: 'Hair fits the photo' }),
    refusalHint('head_tilted', refused, passText('geom.roll')),
  ];
  // the review forecast where the framing allows one; the live subset meanwhile (its roll is the forecast's head_tilted)
  const rules = (observation.review ?? observation.checks.filter((c) => c.id !== 'geom.roll'))
    .filter((c) => LIVE_RULE_IDS.includes(c.id) || c.verdict === 'fail')
    .sort((a, b) => priority(a.id) - priority(b.id))
    .map(fromCheck);
  const hints = [...framingHints, ...rules];
  if (awaitingParse && observation.review) hints.push(hint(PARSE_PENDING_ID, false, PARSE_PENDING, NOTHING));
  return hints;
}

/** The one hint to show now: the first failing one, or null when everything is green. */
export function topHint(hints: readonly Hint[]): Hint | null {
  return hints.find((h) => !h.ok) ?? null;
}

/**
 * Every text the live guide can speak, by hint id: the refusals it foresees, what to try instead once
 * one has held the student, the centring words, and the rules that can hold a capture (the live
 * subset, and any still rule that may block: the review forecast shows its fail). The voice pack
 * (renderer/src/kiosk/voice) is made from this list, so a new hint here needs `npm run voice:pack`.
 */
export function spokenHintTexts(): { id: string; zh: string; en: string }[] {
  const refusals = Object.entries(REFUSAL_HINT_IDS).map(([reason, id]) => ({ id, ...REFUSALS[reason as ForecastRefusal] }));
  const retries = Object.entries(RETRY_ADVICE).map(([reason, words]) => ({ id: `stall.${reason}`, ...words }));
  const rules = RULES.filter((r) => r.live || r.blocks).map(({ id }) => {
    const [zh, en] = messagesFor(id).fail;
    return { id, zh, en };
  });
  return [...refusals, ...retries, ...CENTRE_WORDS.map((w) => ({ id: 'frame.centre', ...w })), ...rules, { id: PARSE_PENDING_ID, ...PARSE_PENDING }];
}
