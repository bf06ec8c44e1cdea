// face.makeup (warn-only: a reviewer decides): lip colour and eyelid colour against the cheeks.
import type { CheckResult } from '../checkResult.ts';
import { CALIBRATION } from './calibration.ts';
import { skinModel, type CheckContext } from './context.ts';
import { MESH } from './faceGeometry.ts';
import { boundingBox, forEachPixel, insidePolygon, median, rgbToLab } from './image.ts';
import { graded, unmeasured } from './result.ts';

/** Lip chroma above the cheek chroma (ΔC*): lipstick raises it well above natural lips. */
export function lipChromaExcess(ctx: CheckContext): number | null {
  const skin = skinModel(ctx);
  const { face, image } = ctx;
  if (!face || !image || !skin) return null;
  const outer = face.outline(MESH.lipsOuter);
  const inner = face.outline(MESH.lipsInner);
  const chroma: number[] = [];
  forEachPixel(image, boundingBox(outer), (p) => {
    if (insidePolygon(inner, p.x + 0.5, p.y + 0.5)) return;
    const lab = rgbToLab(p.r, p.g, p.b);
    chroma.push(Math.hypot(lab.a, lab.b));
  }, { samples: 500, polygon: outer });
  if (chroma.length < 10) return null;
  return median(chroma) - Math.hypot(skin.lab.a, skin.lab.b);
}

export function checkMakeup(ctx: CheckContext): CheckResult {
  const v = lipChromaExcess(ctx);
  if (v === null) return unmeasured('face.makeup', { max: CALIBRATION.makeup.warn, unit: 'ΔC*' }, 'lips not visible');
  return graded('face.makeup', v, CALIBRATION.makeup, 'ΔC*');
}
