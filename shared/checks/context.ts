// What every rule function receives: the subject's face (or none), the pixels, the person mask and
// the booth configuration, plus the face-skin colour measured once and shared by the pixel rules.
import type { PersonMask } from '../vision/stillAnalysis.ts';
import type { Rgb } from '../photoStandard.ts';
import type { FaceGeometry } from './faceGeometry.ts';
import type { ParsedRegions } from './parsedRegions.ts';
import { deltaE, forEachPixel, median, rgbToLab, type Lab, type RgbImage } from './image.ts';

export interface CheckConfig {
  /** the configured backdrop colour (spec §3): clothing must contrast with it */
  background: Rgb;
}

export interface CheckContext {
  /** the subject's face: the largest face that lies on the person mask */
  face: FaceGeometry | null;
  /** how many faces lie on the person mask (logos and seals do not) */
  personFaces: number;
  image: RgbImage | null;
  mask: PersonMask | null;
  /** the face parser's class map of the still; null without a parser (its rules then warn) and on live frames */
  parsed: ParsedRegions | null;
  config: CheckConfig;
}

export interface SkinModel {
  /** median colour of both cheeks */
  lab: Lab;
  /** median ΔE of cheek pixels from that colour: how varied this face's skin is */
  spread: number;
  /** luma of each cheek, image-left first */
  lumaA: number;
  lumaB: number;
}

/** Lower-cheek landmarks: below where lenses, bangs and beards usually reach. */
const CHEEK_POINTS = [205, 425] as const;

const skinCache = new WeakMap<CheckContext, SkinModel | null>();

export function skinModel(ctx: CheckContext): SkinModel | null {
  if (skinCache.has(ctx)) return skinCache.get(ctx) ?? null;
  let model: SkinModel | null = null;
  const { face, image } = ctx;
  if (face && image) {
    const labs: Lab[] = [];
    const lumas: number[][] = [[], []];
    const r = face.width * 0.07;
    CHEEK_POINTS.forEach((index, side) => {
      const c = face.pt(index);
      forEachPixel(image, { x0: c.x - r, y0: c.y - r, x1: c.x + r, y1: c.y + r }, (p) => {
        labs.push(rgbToLab(p.r, p.g, p.b));
        lumas[side]?.push(0.299 * p.r + 0.587 * p.g + 0.114 * p.b);
      }, { samples: 250 });
    });
    if (labs.length > 20) {
      const lab = { l: median(labs.map((p) => p.l)), a: median(labs.map((p) => p.a)), b: median(labs.map((p) => p.b)) };
      model = { lab, spread: median(labs.map((p) => deltaE(p, lab))), lumaA: median(lumas[0] ?? []), lumaB: median(lumas[1] ?? []) };
    }
  }
  skinCache.set(ctx, model);
  return model;
}
