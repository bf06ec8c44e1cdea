// Turns one live observation into the posing hints: framing against the on-screen oval (distance,
// centring, shoulders in frame) and the live subset of the photo rules (shared/checks, computed in
// the worker), most important first, so the student sees one instruction at a time.
import type { CheckResult } from '../../shared/checkResult.ts';
import { faceGeometry } from '../../shared/checks/faceGeometry.ts';
import { messagesFor } from '../../shared/checks/messages.ts';
import { LIVE_RULE_IDS } from '../../shared/checks/registry.ts';
import type { LiveObservation } from './liveGuidanceProtocol.ts';

export interface Hint {
  id: string;
  ok: boolean;
  /** what to do when not ok, or what is fine when ok */
  zh: string;
  en: string;
}

/**
 * Framing in frame-height units. The standardized crop puts a face of width w at 240/480 of the
 * output, so it needs about 1.63 w below the eye line (to y=640) inside the camera frame, and the
 * photo engine enlarges at most 2.5x.
 */
export const FRAMING = {
  /** a comfortable minimum whatever the camera's resolution */
  minFaceWidth: 0.15,
  maxFaceWidth: 0.42,
  /** face width in still pixels below which the photo engine would enlarge more than 2.5x, plus 10 % */
  minStillFacePx: (240 / 2.5) * 1.1,
  belowEyes: 1.63,
  maxCentreOffset: 0.08,
} as const;

/** The order the rules are worth fixing in: pose first (it moves everything else), then face details. */
const RULE_PRIORITY = ['geom.roll', 'pose.yaw', 'pose.pitch', 'eyes.open', 'eyes.gaze', 'mouth.closed', 'hair.eyebrows', 'glasses.glare'];
const priority = (id: string): number => {
  const i = RULE_PRIORITY.indexOf(id);
  return i < 0 ? RULE_PRIORITY.length : i;
};

type Text = readonly [zh: string, en: string];

/**
 * What each framing hint says: what to do (one text per way it can be off) and what is fine. The
 * one place these words live: the voice pack (renderer/src/kiosk/voice) is made from them.
 */
export const FRAMING_WORDS = {
  'face.none': { fix: [['请坐到摄像头正前方，让脸出现在椭圆框内', 'Sit in front of the camera with your face inside the oval']] },
  'face.count': { fix: [['画面中只能有您一个人，请其他人离开镜头', 'Only one person may be in view']] },
  'frame.distance_far': { fix: [['请再靠近一点', 'Come a little closer']], fine: ['距离合适', 'Distance right'] },
  'frame.distance_near': { fix: [['请稍微往后坐一点', 'Sit back a little']], fine: ['没有太近', 'Not too close'] },
  // the camera sees the student's right on the image left: a face on the image right moves to their right
  'frame.centre': {
    fix: [['请向右移动一点，让脸在框的中间', 'Move a little to your right'], ['请向左移动一点，让脸在框的中间', 'Move a little to your left']],
    fine: ['位置居中', 'Centred'],
  },
  'frame.shoulders': { fix: [['请坐低一点或往后坐，让肩膀进入画面', 'Lower yourself or sit back so your shoulders are in view']], fine: ['肩膀在画面内', 'Shoulders in view'] },
} as const satisfies Record<string, { fix: readonly [Text, ...Text[]]; fine?: Text }>;
type FramingId = keyof typeof FRAMING_WORDS;

/** A framing hint; `fix` picks one of the hint's fix texts (the first by default). */
const hint = (id: FramingId, ok: boolean, fix: Text = FRAMING_WORDS[id].fix[0]): Hint => {
  const words = FRAMING_WORDS[id];
  const fine: Text = 'fine' in words ? words.fine : ['', ''];
  return { id, ok, zh: ok ? fine[0] : fix[0], en: ok ? fine[1] : fix[1] };
};
/** a warning is explained on the review screen; only a failure holds the capture back */
const fromCheck = (check: CheckResult): Hint => ({ id: check.id, ok: check.verdict !== 'fail', zh: check.message_zh, en: check.message_en });

/**
 * Every live hint in priority order; the first one not ok is what the student is told.
 * `stillHeight` is the height of the full-resolution still the capture will take.
 */
export function liveHints(observation: LiveObservation, stillHeight: number): Hint[] {
  const { faces, width, height } = observation;
  const first = faces[0];
  if (!first) return [hint('face.none', false)];
  if (faces.length > 1) return [hint('face.count', false)];
  const g = faceGeometry(first);
  const faceWidth = g.width / height;
  const eyeY = (g.irisA.y + g.irisB.y) / 2;
  const midX = (g.pt(234).x + g.pt(454).x) / 2;
  const centreOffset = (midX - width / 2) / width;
  const minFaceWidth = Math.max(FRAMING.minFaceWidth, FRAMING.minStillFacePx / stillHeight);
  const [toTheRight, toTheLeft] = FRAMING_WORDS['frame.centre'].fix;
  const framing: Hint[] = [
    hint('frame.distance_far', faceWidth >= minFaceWidth),
    hint('frame.distance_near', faceWidth <= FRAMING.maxFaceWidth),
    hint('frame.centre', Math.abs(centreOffset) <= FRAMING.maxCentreOffset, centreOffset > 0 ? toTheRight : toTheLeft),
    hint('frame.shoulders', eyeY + FRAMING.belowEyes * g.width <= height),
  ];
  const rules = [...observation.checks].sort((a, b) => priority(a.id) - priority(b.id)).map(fromCheck);
  return [...framing, ...rules];
}

/** The one hint to show now: the first failing one, or null when everything is green. */
export function topHint(hints: readonly Hint[]): Hint | null {
  return hints.find((h) => !h.ok) ?? null;
}

/**
 * Every text a live hint can ask the student with, per hint id: the framing hints' fix texts and the
 * live rules' failure messages (a warning never shows as the hint). What the voice pack must say.
 */
export function spokenHintTexts(): { id: string; zh: string; en: string }[] {
  const framing = Object.entries(FRAMING_WORDS).flatMap(([id, words]) => words.fix.map(([zh, en]) => ({ id, zh, en })));
  const rules = LIVE_RULE_IDS.map((id) => {
    const [zh, en] = messagesFor(id).fail;
    return { id, zh, en };
  });
  return [...framing, ...rules];
}
