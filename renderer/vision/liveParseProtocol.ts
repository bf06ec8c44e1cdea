// Messages between the live-guidance pump (main thread) and the live parser's classic Web Worker
// (liveParseWorker.ts): the face parser of the still analysis on a camera frame now and then.
import type { FaceParse } from '../../shared/vision/stillAnalysis.ts';
import type { FaceParserAssets, FaceParserState } from './faceParser.ts';

export type ToParser =
  | { type: 'init'; assets: FaceParserAssets }
  /**
   * `frame`: the camera frame itself (transferred; the worker closes it), sampled there to
   * `sampleWidth`; `crop`: the parser's square in the pixels of a `frameWidth`-wide copy of it
   * (the live observation's), `timestamp` that observation's
   */
  | { type: 'parse'; frame: VideoFrame; sampleWidth: number; crop: FaceParse['crop']; frameWidth: number; timestamp: number };

export type FromParser =
  | { type: 'ready'; status: FaceParserState; loadMs: number }
  | { type: 'parsed'; timestamp: number; parse: FaceParse; sampleMs: number; parseMs: number }
  | { type: 'error'; timestamp: number; message: string };
