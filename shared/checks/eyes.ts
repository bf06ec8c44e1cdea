// eyes.open, eyes.gaze (blendshapes) and eyes.contacts (iris colour, warn-only: a reviewer decides).
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION } from './calibration.ts';
import type { CheckContext } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { forEachPixel, median, rgbToLab } from './image.ts';
import { graded, unmeasured } from './result.ts';

export function checkEyesOpen(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('eyes.open', { max: CALIBRATION.eyesOpen.warn, unit: 'blink score' }, 'no face');
  const b = ctx.face.face.blendshapes;
  const blink = Math.max(b.eyeBlinkLeft ?? 0, b.eyeBlinkRight ?? 0);
  return graded('eyes.open', blink, CALIBRATION.eyesOpen, 'blink score');
}

/**
 * The gaze shared by both eyes: a real glance moves both eyes the same way, while one eye's
 * reading alone is noisy. Blendshape "Left" is the subject's left eye (image right).
 */
export function gazeScore(blendshapes: Record<string, number>): number {
  const s = (k: string): number => blendshapes[k] ?? 0;
  // towards the image right: the subject's left eye looks out, the right eye looks in
  const rightward = Math.min(s('eyeLookOutLeft'), s('eyeLookInRight'));
  const leftward = Math.min(s('eyeLookInLeft'), s('eyeLookOutRight'));
  const up = Math.min(s('eyeLookUpLeft'), s('eyeLookUpRight'));
  const down = Math.min(s('eyeLookDownLeft'), s('eyeLookDownRight'));
  return Math.max(rightward, leftward, up, down);
}

export function checkGaze(ctx: CheckContext): CheckResult {
  if (!ctx.face) return unmeasured('eyes.gaze', { max: CALIBRATION.eyesGaze.warn, unit: 'look score' }, 'no face');
  return graded('eyes.gaze', gazeScore(ctx.face.face.blendshapes), CALIBRATION.eyesGaze, 'look score');
}

/**
 * Iris colourfulness: chroma plus how much lighter than a dark-brown iris (L* 35) the iris is.
 * Natural East Asian irises are dark brown; tinted or patterned lenses lift both.
 */
export function irisColourScore(ctx: CheckContext): number | null {
  const { face, image } = ctx;
  if (!face || !image) return null;
  const scores: number[] = [];
  for (const [centre, eye] of [[face.irisA, MESH.eyeA], [face.irisB, MESH.eyeB]] as const) {
    const r = face.irisRadius;
    const opening = face.outline(eye);
    const chroma: number[] = [];
    const light: number[] = [];
    forEachPixel(image, { x0: centre.x - r, y0: centre.y - r, x1: centre.x + r, y1: centre.y + r }, (p) => {
      const d = Math.hypot(p.x + 0.5 - centre.x, p.y + 0.5 - centre.y) / r;
      // the ring between the pupil and the limbus, skipping the catchlight
      if (d < 0.4 || d > 0.85 || p.r + p.g + p.b > 3 * 215) return;
      const lab = rgbToLab(p.r, p.g, p.b);
      chroma.push(Math.hypot(lab.a, lab.b));
      light.push(lab.l);
    }, { samples: 400, polygon: opening });
    if (chroma.length >= 6) scores.push(median(chroma) + Math.max(0, median(light) - 35));
  }
  return scores.length ? Math.max(...scores) : null;
}

export function checkContacts(ctx: CheckContext): CheckResult {
  const score = irisColourScore(ctx);
  if (score === null) return unmeasured('eyes.contacts', { max: CALIBRATION.contacts.warn, unit: 'iris colour' }, 'irises not visible');
  return graded('eyes.contacts', score, CALIBRATION.contacts, 'iris colour');
}
