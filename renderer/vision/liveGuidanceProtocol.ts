// Messages between the live-guidance pump (main thread) and its Web Worker (landmarker in VIDEO mode).
import type { CheckResult } from '../../shared/checkResult.ts';
import type { Rgb } from '../../shared/photoStandard.ts';
import type { FaceObservation } from '../../shared/vision/stillAnalysis.ts';

export interface LiveGuidanceAssets {
  /** tasks-vision's ES-module wasm loader and binary (vision_wasm_module_internal.*) */
  wasmLoaderUrl: string;
  wasmBinaryUrl: string;
  faceLandmarkerUrl: string;
}

export type ToWorker =
  /** background: the booth's backdrop colour, which the checks compare against */
  | { type: 'init'; assets: LiveGuidanceAssets; background: Rgb }
  | { type: 'frame'; bitmap: ImageBitmap; timestamp: number };

export interface LiveObservation {
  timestamp: number;
  width: number;
  height: number;
  /** all faces found (up to 2: a second person in view is a hint too), landmarks in frame pixels */
  faces: FaceObservation[];
  /** the live subset of the photo rules (shared/checks runLiveChecks) on the first face and this frame */
  checks: CheckResult[];
  detectMs: number;
  checksMs: number;
}

export type FromWorker =
  | { type: 'ready'; loadMs: number }
  | { type: 'error'; message: string }
  | ({ type: 'result' } & LiveObservation);
