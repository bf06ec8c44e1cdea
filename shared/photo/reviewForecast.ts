// What the review screen would say of a still taken now: the live frame rendered through the
// forecast crop onto the output grid, composited on the booth's background with the person mask as
// the engine composites its matte, and judged by the same still rules (shared/checks) the engine
// runs on its output. Pure; the caller renders the crop (a canvas resamples natively).
import type { CheckResult } from '../checkResult.ts';
import { runStillChecks } from '../checks/runChecks.ts';
import { OUTPUT_HEIGHT, OUTPUT_WIDTH, type Rgb } from '../photoStandard.ts';
import type { FaceParse, PersonMask } from '../vision/stillAnalysis.ts';
import type { FramingForecast } from './framingForecast.ts';
import { coarseAlpha, mapFaceToOutput, mapParseToOutput } from './outputMapping.ts';

/**
 * `rendered`: the frame drawn through `framing.mapping` onto the 480x640 output, RGBA; it is
 * composited in place. `mask` and `frame` are the person mask and the size of the frame the
 * landmarks are in.
 */
export function forecastReview(
  framing: Extract<FramingForecast, { ok: true }>,
  rendered: Uint8Array | Uint8ClampedArray,
  mask: PersonMask,
  frame: { width: number; height: number },
  background: Rgb,
  /** the parser's class map of this frame, if one was made: without it the parser rules warn */
  parse: FaceParse | null = null,
): CheckResult[] {
  const n = OUTPUT_WIDTH * OUTPUT_HEIGHT;
  if (rendered.length !== n * 4) throw new RangeError(`forecastReview: rendered is ${rendered.length} bytes, expected ${OUTPUT_WIDTH}x${OUTPUT_HEIGHT} RGBA`);
  const alpha = coarseAlpha(mask, framing.mapping, OUTPUT_WIDTH, OUTPUT_HEIGHT, frame.width, frame.height);
  const person = new Uint8Array(n);
  const [br, bg, bb] = background;
  for (let i = 0; i < n; i++) {
    const a = alpha[i]!;
    const p = i * 4;
    rendered[p] = Math.round(a * rendered[p]! + (1 - a) * br);
    rendered[p + 1] = Math.round(a * rendered[p + 1]! + (1 - a) * bg);
    rendered[p + 2] = Math.round(a * rendered[p + 2]! + (1 - a) * bb);
    person[i] = Math.round(a * 255);
  }
  const output = {
    width: OUTPUT_WIDTH, height: OUTPUT_HEIGHT, timings: {},
    faces: [mapFaceToOutput(framing.face, framing.mapping)],
    mask: { width: OUTPUT_WIDTH, height: OUTPUT_HEIGHT, data: person },
    parse: parse && mapParseToOutput(parse, framing.mapping),
  };
  return runStillChecks(output, { width: OUTPUT_WIDTH, height: OUTPUT_HEIGHT, channels: 4, data: rendered }, { background });
}
