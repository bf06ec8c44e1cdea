// Messages between the live-guidance pump (main thread) and its Web Worker (landmarker in VIDEO
// mode, the selfie segmenter and the forecast of the still now and then).
import type { CheckResult } from '../../shared/checkResult.ts';
import type { ForecastRefusal } from '../../shared/photo/framingForecast.ts';
import type { Rgb } from '../../shared/photoStandard.ts';
import type { FaceObservation, FaceParse } from '../../shared/vision/stillAnalysis.ts';

export interface LiveGuidanceAssets {
  /** tasks-vision's ES-module wasm loader and binary (vision_wasm_module_internal.*) */
  wasmLoaderUrl: string;
  wasmBinaryUrl: string;
  faceLandmarkerUrl: string;
  selfieSegmenterUrl: string;
}

export type ToWorker =
  /** background: the booth's backdrop colour, which the checks compare against and the forecast composites on */
  | { type: 'init'; assets: LiveGuidanceAssets; background: Rgb }
  /** `still`: the size of the still a capture takes now (the camera's full resolution) */
  | { type: 'frame'; bitmap: ImageBitmap; timestamp: number; still: { width: number; height: number } }
  /**
   * the live parser's class map of the frame observed at `timestamp` (its crop in that frame's
   * pixels), used for `lifetimeMs` from now (liveParseFreshness.ts parseLifetimeMs)
   */
  | { type: 'parse'; parse: FaceParse; timestamp: number; lifetimeMs: number };

/** What the photo engine would do with a still taken now (shared/photo/framingForecast.ts). */
export type FramingVerdict =
  | { ok: true; /** output px between the hair top and the frame's top edge */ headTopRoom: number; /** the crop's smallest range margin, 0..1 */ margin: number }
  | { ok: false; reason: ForecastRefusal };

export interface LiveObservation {
  timestamp: number;
  width: number;
  height: number;
  /** all faces found (up to 2: a second person in view is a hint too), landmarks in frame pixels */
  faces: FaceObservation[];
  /** the live subset of the photo rules (shared/checks runLiveChecks) on the first face and this frame */
  checks: CheckResult[];
  /** the engine's verdict on the framing; null without a face */
  framing: FramingVerdict | null;
  /**
   * the review screen's rules on the forecast output (shared/photo/reviewForecast.ts), from a recent
   * frame; null while the framing would be refused
   */
  review: CheckResult[] | null;
  /** the timestamp of the frame whose face parse `review` used; null: the parser rules in it only warn */
  parsedAt: number | null;
  detectMs: number;
  checksMs: number;
  /** segmenter and review forecast on this frame (0 on frames that reuse the last ones) */
  forecastMs: number;
}

export type FromWorker =
  | { type: 'ready'; loadMs: number }
  | { type: 'error'; message: string }
  | ({ type: 'result' } & LiveObservation);
