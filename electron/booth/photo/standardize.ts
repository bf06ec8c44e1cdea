// The photo engine: one full-resolution still and its vision analysis in, the standard graduate
// photo (spec §1–3) and its measured report out — or a named refusal, never a photo outside the standard.
import { performance } from 'node:perf_hooks';
import type { CheckResult } from '../../../shared/checkResult.ts';
import { DEFAULT_BACKGROUND, GEOMETRY, OUTPUT_HEIGHT, OUTPUT_WIDTH, type Rgb } from '../../../shared/photoStandard.ts';
import { solveCrop, type Crop, type CropRefusal } from '../../../shared/photo/cropSolver.ts';
import { headMeasures, headTop, type HeadMeasures } from '../../../shared/photo/headMeasures.ts';
import { backgroundChecks, fileChecks, geometryChecks } from '../../../shared/photo/outputChecks.ts';
import { refusal, type Refusal } from '../../../shared/photo/refusals.ts';
import { coarseAlpha, mapFaceToOutput, mapParseToOutput, type OutputMapping } from '../../../shared/photo/outputMapping.ts';
import { selectPerson } from '../../../shared/photo/personSelection.ts';
import type { FaceObservation, FaceParse, StillAnalysis } from '../../../shared/vision/stillAnalysis.ts';
import { runStillChecks } from '../../../shared/checks/runChecks.ts';
import sharp from 'sharp';
import { decodeFailure, orientedImage, readPhotoInfo, type PhotoInfo } from './decodePhoto.ts';
import type { PlanarRgb } from './guidedFilter.ts';
import { encodeStandardJpeg } from './jpegFile.ts';
import { plateBehind, type BackdropPlate, type PlateUse } from './backdropPlate.ts';
import { compositeOnColour, refineMatte } from './matte.ts';
import { cutWithParser, SHOULDERS_ABOVE_CHIN } from './parserCutout.ts';
import { parseOnOutput } from '../../../shared/photo/parseOnOutput.ts';
import { decodeRgb, firstPersonRow, measureBackground, measureFile, measureHeadTop } from './measureOutput.ts';

export interface StandardizeOptions {
  background?: Rgb;
  /** the staff screen's backdrop calibration: the old background's colour where it fits the capture */
  plate?: BackdropPlate | null;
  /**
   * the face parser's class map when it comes after the analysis (the kiosk makes it while the engine
   * decodes and solves the crop); it must resolve (null: no map), never reject
   */
  parse?: Promise<FaceParse | null>;
  /** false: the person mask alone decides what is the person, as before the parser took part (for comparisons) */
  parserCutout?: boolean;
}

export interface StandardizeReport {
  source: { width: number; height: number; format: string | null };
  crop: Crop | null;
  mapping: OutputMapping | null;
  /** the face measured in the source, for refusals' numbers */
  sourceGeometry: HeadMeasures | null;
  /** the chosen face in output pixels: landmarks for the reviewer's overlay and the still checks */
  outputFace: FaceObservation | null;
  quality: number | null;
  /** whether the calibrated backdrop was used, or why not; null without one */
  plate: PlateUse | null;
  checks: CheckResult[];
  /** milliseconds per stage */
  timings: Record<string, number>;
}

export interface StandardizeSuccess {
  ok: true;
  jpeg: Buffer;
  /** the matte at output resolution (0..1), for the still checks and the reviewer */
  alpha: Float32Array;
  report: StandardizeReport;
}

export interface StandardizeRefusal {
  ok: false;
  refusal: Refusal;
  report: StandardizeReport;
}

export type StandardizeOutcome = StandardizeSuccess | StandardizeRefusal;

interface RenderedGuide {
  guide: PlanarRgb;
  inFrame: Uint8Array;
  mapping: OutputMapping;
}

/** Oriented RGB pixels of the photo at 1/factor of its resolution. */
interface PhotoLevel {
  factor: number;
  width: number;
  height: number;
  rgb: Buffer;
}

/**
 * A photo read and decoded once, ready to be framed: full resolution, and for large photos also a
 * half-resolution copy, from which crops that shrink the photo anyway are rendered four times cheaper.
 */
export interface DecodedPhoto {
  info: PhotoInfo;
  levels: readonly PhotoLevel[];
}

/** Photos above this many pixels also get the half-resolution copy. */
const HALF_COPY_MIN_PIXELS = 4_000_000;
/** A level serves a crop only if the crop still shrinks it by this much (so no detail is lost). */
const MIN_SHRINK_FROM_LEVEL = 1.5;

export type PreparedPhoto = { ok: true; photo: DecodedPhoto } | { ok: false; refusal: Refusal };

/** Reads and decodes a photo; start it early (e.g. while vision runs), it is the engine's one full decode. */
export async function preparePhoto(input: Buffer): Promise<PreparedPhoto> {
  const info = await readPhotoInfo(input);
  if (!info.ok) return info;
  try {
    const { width, height } = info.info;
    const rgb = await orientedImage(input).removeAlpha().toColourspace('srgb').raw().toBuffer();
    const levels: PhotoLevel[] = [{ factor: 1, width, height, rgb }];
    if (width * height > HALF_COPY_MIN_PIXELS) {
      const half = { factor: 2, width: Math.round(width / 2), height: Math.round(height / 2) };
      levels.push({ ...half, rgb: await sharp(rgb, { raw: { width, height, channels: 3 } }).resize(half.width, half.height, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer() });
    }
    return { ok: true, photo: { info: info.info, levels } };
  } catch (err) {
    return { ok: false, refusal: decodeFailure(err) };
  }
}

/**
 * Renders the crop of the source onto the output grid. sharp resamples whole source pixels, so the
 * mapping actually rendered (not the solver's ideal one, ≤ 0.5 px apart) is returned and used for
 * everything measured afterwards.
 */
async function renderGuide(photo: DecodedPhoto, crop: Crop, background: Rgb): Promise<RenderedGuide> {
  // the coarsest copy the crop still shrinks by MIN_SHRINK_FROM_LEVEL; coordinates below are in it
  const level = photo.levels.reduce((best, l) => (crop.scale * l.factor * MIN_SHRINK_FROM_LEVEL <= 1 && l.factor > best.factor ? l : best));
  const { width: frameWidth, height: frameHeight, factor } = level;
  const s = crop.scale * factor;
  const cx0 = crop.x0 / factor;
  const cy0 = crop.y0 / factor;
  const ix0 = Math.max(0, Math.floor(cx0));
  const iy0 = Math.max(0, Math.floor(cy0));
  const ix1 = Math.min(frameWidth, Math.ceil(cx0 + OUTPUT_WIDTH / s));
  const iy1 = Math.min(frameHeight, Math.ceil(cy0 + OUTPUT_HEIGHT / s));
  const outW = Math.max(1, Math.round((ix1 - ix0) * s));
  const outH = Math.max(1, Math.round((iy1 - iy0) * s));
  const left = Math.round((ix0 - cx0) * s);
  const top = Math.round((iy0 - cy0) * s);
  const data = await sharp(level.rgb, { raw: { width: frameWidth, height: frameHeight, channels: 3 } })
    .extract({ left: ix0, top: iy0, width: ix1 - ix0, height: iy1 - iy0 })
    .resize(outW, outH, { kernel: 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer();
  const n = OUTPUT_WIDTH * OUTPUT_HEIGHT;
  const guide: PlanarRgb = { width: OUTPUT_WIDTH, height: OUTPUT_HEIGHT, r: new Float32Array(n), g: new Float32Array(n), b: new Float32Array(n) };
  guide.r.fill(background[0] / 255);
  guide.g.fill(background[1] / 255);
  guide.b.fill(background[2] / 255);
  const inFrame = new Uint8Array(n);
  for (let y = Math.max(0, top); y < Math.min(OUTPUT_HEIGHT, top + outH); y++) {
    for (let x = Math.max(0, left); x < Math.min(OUTPUT_WIDTH, left + outW); x++) {
      const src = ((y - top) * outW + (x - left)) * 3;
      const i = y * OUTPUT_WIDTH + x;
      guide.r[i] = data[src]! / 255;
      guide.g[i] = data[src + 1]! / 255;
      guide.b[i] = data[src + 2]! / 255;
      inFrame[i] = 1;
    }
  }
  // the mapping from full-resolution source pixels
  const scaleX = outW / (ix1 - ix0);
  const scaleY = outH / (iy1 - iy0);
  return { guide, inFrame, mapping: { scaleX: scaleX / factor, scaleY: scaleY / factor, offsetX: left - ix0 * scaleX, offsetY: top - iy0 * scaleY } };
}

function alphaBytes(alpha: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(alpha.length);
  for (let i = 0; i < alpha.length; i++) out[i] = Math.round(alpha[i]! * 255);
  return out;
}

/** Pixels background by either verdict (the parser's cut, the plate's match). */
function either(a: Uint8Array | undefined, b: Uint8Array | null | undefined): Uint8Array | undefined {
  if (!a || !b) return a ?? b ?? undefined;
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** How far above the predicted head top (output px) the hair band starts: room for hair the coarse mask missed. */
const HAIR_BAND_ABOVE_PX = 40;

/** How far (output px) the refined hair top may sit from the solver's prediction before the crop is solved again. */
const HEAD_TOP_RESOLVE_PX = 3;

export async function standardizePhoto(input: Buffer | PreparedPhoto, analysis: StillAnalysis, options: StandardizeOptions = {}): Promise<StandardizeOutcome> {
  const background = options.background ?? DEFAULT_BACKGROUND;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = (timings[stage] ?? 0) + now - t;
    t = now;
  };
  const report: StandardizeReport = {
    source: { width: analysis.width, height: analysis.height, format: null },
    crop: null, mapping: null, sourceGeometry: null, outputFace: null, quality: null, plate: null, checks: [], timings,
  };
  const refuse = (r: Refusal): StandardizeRefusal => ({ ok: false, refusal: r, report });

  const prepared = Buffer.isBuffer(input) ? await preparePhoto(input) : input;
  lap('decode');
  if (!prepared.ok) return refuse(prepared.refusal);
  const { photo } = prepared;
  const { width: W, height: H, format } = photo.info;
  report.source = { width: W, height: H, format };
  if (W !== analysis.width || H !== analysis.height) {
    throw new Error(`analysis is for ${analysis.width}x${analysis.height}, photo is ${W}x${H}`);
  }

  const person = selectPerson(analysis);
  if (!person.ok) return refuse(person.refusal);
  const mask = analysis.mask;
  if (!mask) return refuse(refusal('no_face', 'no person mask'));
  const geometry = headMeasures(person.face);
  report.sourceGeometry = geometry;
  if (Math.abs(geometry.rollDeg) > GEOMETRY.roll.max) return refuse(refusal('head_tilted', `roll ${geometry.rollDeg.toFixed(1)}°`));

  const solve = (headTopY: number) => solveCrop({ frameWidth: W, frameHeight: H, eyeY: geometry.eyeCentre.y, headTopY, faceWidth: geometry.faceWidth, midlineX: geometry.midlineX });
  /** the class map, once it has come */
  let parse: FaceParse | null = analysis.parse ?? null;
  let pendingParse = parse ? null : (options.parse ?? null);
  const frame = async (crop: Crop) => {
    const rendered = await renderGuide(photo, crop, background);
    if (pendingParse) {
      // the class map may still be on its way (the kiosk makes it while the photo decodes and the
      // crop renders): the cut-out and the checks need it from here on
      lap('render');
      parse = await pendingParse;
      pendingParse = null;
      lap('parse_wait');
    }
    const outputFace = mapFaceToOutput(person.face, rendered.mapping);
    const outGeometry = headMeasures(outputFace);
    const parsed = parse ? parseOnOutput(parse, rendered.mapping, OUTPUT_WIDTH, OUTPUT_HEIGHT, rendered.inFrame, Math.round(outGeometry.chinY)) : null;
    const masked = coarseAlpha(mask, rendered.mapping, OUTPUT_WIDTH, OUTPUT_HEIGHT, W, H);
    const parserCut = parsed && options.parserCutout !== false ? cutWithParser(rendered.guide, masked, parsed, outGeometry.chinY - SHOULDERS_ABOVE_CHIN * outGeometry.faceWidth) : null;
    lap('render');
    return { ...rendered, outputFace, outGeometry, coarse: parserCut?.coarse ?? masked, cut: parserCut?.cut, parsed };
  };
  type Framed = Awaited<ReturnType<typeof frame>>;
  /**
   * The hair top on the refined matte of just the band between the predicted head top and the
   * forehead: a fraction of a full matte's work, enough to check the crop before matting it all.
   */
  const refinedHairTop = (f: Framed, predictedTop: number): number | null => {
    const b0 = Math.max(0, Math.floor(predictedTop - HAIR_BAND_ABOVE_PX));
    const b1 = Math.min(OUTPUT_HEIGHT, Math.ceil(f.outGeometry.foreheadY) + 1);
    if (b1 - b0 < 8) return null;
    const rows = (plane: Float32Array) => plane.subarray(b0 * OUTPUT_WIDTH, b1 * OUTPUT_WIDTH);
    const band = { width: OUTPUT_WIDTH, height: b1 - b0, r: rows(f.guide.r), g: rows(f.guide.g), b: rows(f.guide.b) };
    const anchor = { x: f.outGeometry.midlineX, y: b1 - b0 - 1 };
    const alpha = refineMatte(band, rows(f.coarse), f.inFrame.subarray(b0 * OUTPUT_WIDTH, b1 * OUTPUT_WIDTH), { anchor, clothingFromY: Infinity, background: f.cut?.subarray(b0 * OUTPUT_WIDTH, b1 * OUTPUT_WIDTH) });
    lap('matte');
    const top = firstPersonRow(OUTPUT_WIDTH, b1 - b0, f.outGeometry.midlineX, f.outGeometry.faceWidth, (x, y) => alpha[y * OUTPUT_WIDTH + x]! >= 0.5);
    return top === null ? null : b0 + top;
  };
  const unsolvable = (reason: CropRefusal, headTopY: number) => {
    const ratio = (geometry.eyeCentre.y - headTopY) / geometry.faceWidth;
    return refuse(refusal(reason, `face width ${geometry.faceWidth.toFixed(0)} px, hair-to-eyes ${ratio.toFixed(2)} face widths, frame ${W}x${H}`));
  };

  // The coarse mask gives a first hair top; the refined matte gives the real one. Where the
  // mask reaches the frame's top edge only the matte can tell bleeding from hair that is cut off.
  const coarseTop = headTop(mask, geometry, W, H);
  let solved = solve(coarseTop.y);
  lap('solve');
  if (!solved.ok) return unsolvable(solved.reason, coarseTop.y);
  let framed = await frame(solved.crop);
  const hairTop = refinedHairTop(framed, solved.crop.predicted.headTop);
  if (hairTop !== null) {
    const frameTopRow = Math.max(0, Math.ceil(framed.mapping.offsetY));
    if (hairTop <= frameTopRow + 1) return refuse(refusal('head_cut_off'));
    if (Math.abs(hairTop - solved.crop.predicted.headTop) > HEAD_TOP_RESOLVE_PX) {
      const hairTopSource = (hairTop - framed.mapping.offsetY) / framed.mapping.scaleY;
      solved = solve(hairTopSource);
      lap('solve');
      if (!solved.ok) return unsolvable(solved.reason, hairTopSource);
      framed = await frame(solved.crop);
    }
  } else if (coarseTop.cutOff) {
    return refuse(refusal('head_cut_off'));
  }
  const plate = options.plate ? await plateBehind(options.plate, framed.guide, framed.coarse, framed.inFrame, framed.mapping, W, H) : null;
  report.plate = plate?.use ?? null;
  const plateColour = plate?.colour ?? null;
  const alpha = refineMatte(framed.guide, framed.coarse, framed.inFrame, { anchor: framed.outGeometry.eyeCentre, clothingFromY: framed.outGeometry.chinY, background: either(framed.cut, plate?.background) }, plateColour);
  lap('matte');
  report.crop = solved.crop;
  report.mapping = framed.mapping;
  report.outputFace = framed.outputFace;
  const { outGeometry } = framed;

  const rgb = compositeOnColour(framed.guide, alpha, background, plateColour);
  const encoded = await encodeStandardJpeg(rgb, OUTPUT_WIDTH, OUTPUT_HEIGHT);
  report.quality = encoded.quality;
  lap('encode');

  const decoded = await decodeRgb(encoded.jpeg);
  const standardChecks = [
    ...fileChecks(measureFile(encoded.jpeg)),
    ...geometryChecks({
      headTop: measureHeadTop(decoded, background, outGeometry.midlineX, outGeometry.faceWidth),
      eyeLine: outGeometry.eyeCentre.y,
      faceWidth: outGeometry.faceWidth,
      midlineX: outGeometry.midlineX,
      rollDeg: outGeometry.rollDeg,
    }),
    ...backgroundChecks(measureBackground(decoded, alpha, background, framed.parsed)),
  ];
  lap('measure');
  // the compliance rules judge what the reviewer will see: the output, with its own matte as the person
  const outputAnalysis: StillAnalysis = {
    width: OUTPUT_WIDTH, height: OUTPUT_HEIGHT, faces: [framed.outputFace], timings: {},
    mask: { width: OUTPUT_WIDTH, height: OUTPUT_HEIGHT, data: alphaBytes(alpha) },
    parse: parse && mapParseToOutput(parse, framed.mapping),
  };
  const stillChecks = runStillChecks(outputAnalysis, { width: decoded.width, height: decoded.height, channels: 3, data: decoded.data }, { background });
  report.checks = [...standardChecks, ...stillChecks];
  lap('checks');
  // the parser's cut above is the engine's one repair: what it leaves, a reviewer would reject
  const leftover = standardChecks.find((c) => c.id === 'bg.leftover');
  if (leftover?.verdict === 'fail') return refuse(refusal('background_left', `${leftover.value} px of old background beside the head`));
  return { ok: true, jpeg: encoded.jpeg, alpha, report };
}
