// The face parser's class map as the rules read it: which part of the head a point of the still is
// (hair, ear, earring, glasses, cloth...), counted over regions given in still pixels. The map covers
// a face-centred square crop that may reach outside the frame; points outside the frame or the crop
// are not counted, so a rule knows how much it actually saw.
import type { FaceParse } from '../vision/stillAnalysis.ts';

/** Class ids of the CelebAMask-HQ label order that the shipped parser and its contract use. */
export const PART = {
  background: 0, skin: 1, browL: 2, browR: 3, eyeL: 4, eyeR: 5, glasses: 6, earL: 7, earR: 8, earring: 9,
  nose: 10, mouth: 11, lipU: 12, lipL: 13, neck: 14, necklace: 15, cloth: 16, hair: 17, hat: 18,
} as const;
export type PartName = keyof typeof PART;

export const EAR = [PART.earL, PART.earR] as const;
export const BROW = [PART.browL, PART.browR] as const;
export const LIPS = [PART.lipU, PART.lipL] as const;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PartCounts {
  /** samples per class id */
  byClass: Float64Array;
  /** samples inside the frame and the map */
  seen: number;
  /** samples asked for */
  asked: number;
}

export class ParsedRegions {
  private readonly parse: FaceParse;
  private readonly frame: { width: number; height: number };
  private readonly scale: number;

  constructor(parse: FaceParse, frame: { width: number; height: number }) {
    this.parse = parse;
    this.frame = frame;
    this.scale = parse.width / parse.crop.size;
  }

  /** The class at a still pixel, or -1 outside the frame or the map. */
  classAt(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.frame.width || y >= this.frame.height) return -1;
    const u = Math.floor((x - this.parse.crop.x) * this.scale);
    const v = Math.floor((y - this.parse.crop.y) * this.scale);
    if (u < 0 || v < 0 || u >= this.parse.width || v >= this.parse.height) return -1;
    return this.parse.classes[v * this.parse.width + u] ?? -1;
  }

  /** Class counts over a box of still pixels, sampled on the map's own grid (one sample per map cell). */
  count(box: Box, inside?: (x: number, y: number) => boolean): PartCounts {
    const byClass = new Float64Array(32);
    const step = 1 / this.scale;
    let seen = 0;
    let asked = 0;
    for (let y = box.y0 + step / 2; y < box.y1; y += step) {
      for (let x = box.x0 + step / 2; x < box.x1; x += step) {
        if (inside && !inside(x, y)) continue;
        asked++;
        const c = this.classAt(x, y);
        if (c < 0) continue;
        seen++;
        byClass[c] = (byClass[c] ?? 0) + 1;
      }
    }
    return { byClass, seen, asked };
  }

  /**
   * Area in still pixels² of these classes inside a box, leaving out a margin along the frame's
   * edges: the parser invents small parts (earrings, hats) where the photo is cut off, and a
   * student's ears and neck are never at the edge of the booth camera's frame.
   */
  area(classes: readonly number[], box: Box, edgeMargin: number): number {
    const inner = { x0: Math.max(box.x0, edgeMargin), y0: Math.max(box.y0, edgeMargin), x1: Math.min(box.x1, this.frame.width - edgeMargin), y1: Math.min(box.y1, this.frame.height - edgeMargin) };
    if (inner.x1 <= inner.x0 || inner.y1 <= inner.y0) return 0;
    return sumOf(this.count(inner), classes) * this.cell * this.cell;
  }

  /** One map cell's side in still pixels. */
  get cell(): number {
    return 1 / this.scale;
  }

  /** Still pixels of the map cells of these classes, in a box (for the pixel rules that measure colour or texture there). */
  points(box: Box, classes: readonly number[]): { x: number; y: number }[] {
    const wanted = new Set(classes);
    const out: { x: number; y: number }[] = [];
    const step = 1 / this.scale;
    for (let y = box.y0 + step / 2; y < box.y1; y += step) {
      for (let x = box.x0 + step / 2; x < box.x1; x += step) {
        if (wanted.has(this.classAt(x, y))) out.push({ x, y });
      }
    }
    return out;
  }
}

export function sumOf(c: PartCounts, classes: readonly number[]): number {
  return classes.reduce((s, id) => s + (c.byClass[id] ?? 0), 0);
}
