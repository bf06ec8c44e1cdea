// The models the booth uses, pinned by upstream URL and sha256: MediaPipe's face landmarker and
// selfie segmenter, and the face parser that resources/face-parser.json names. resources/models/ is
// filled from these by scripts/fetchModels.ts and never committed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaceParserContractSchema, type FaceParserContract } from '../shared/vision/faceParserContract.ts';

export interface PinnedModel {
  file: string;
  url: string;
  sha256: string;
  bytes: number;
  /**
   * The URL serves a file that needs these byte rewrites first (sha256 of the download, then of the
   * result): the parser's upstream file has INT64 outputs, which tfjs-tflite cannot read, and the
   * rewrite changes only the type bytes of its ARG_MAX to INT32.
   */
  derivedFrom?: { sha256: string; patches: readonly (readonly [offset: number, from: number, to: number])[] };
}

export const MODELS: readonly PinnedModel[] = [
  {
    file: 'face_landmarker.task',
    url: 'https://storage.googleapis.com/mediapipe-models/face_landmarker/face_landmarker/float16/1/face_landmarker.task',
    sha256: '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff',
    bytes: 3758596,
  },
  {
    file: 'selfie_segmenter.tflite',
    url: 'https://storage.googleapis.com/mediapipe-models/image_segmenter/selfie_segmenter/float16/1/selfie_segmenter.tflite',
    sha256: '191ac9529ae506ee0beefa6b2c945a172dab9d07d1e802a290a4e4038226658b',
    bytes: 249537,
  },
  {
    file: 'bisenetv2_celebamaskhq_448x448_integer_quant.argmax_i32.tflite',
    url: 'https://raw.githubusercontent.com/terryky/tflite_gles_app/bfc2015a6d1234deebc9574798b175a6d1b2afc2/gl2face_segmentation/model/bisenetv2_celebamaskhq_448x448_integer_quant.tflite',
    sha256: 'f09c80a43da73098699bf859310f49a94feee33b1a9417a2b554ba7a5c52759b',
    bytes: 2804272,
    derivedFrom: {
      sha256: 'd0c1fc479bbd40084283043abf01d11a5c3a54b2ecc4bc812cde6f36989ad22a',
      patches: [[2478067, 4, 2], [2483971, 4, 2], [2484031, 4, 2]],
    },
  },
];

/** The face parser's contract: its model file, input and classes (shared/vision/faceParserContract.ts). */
export const FACE_PARSER_CONTRACT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'models', 'face-parser.json');

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const modelsDir = path.join(projectRoot, 'resources', 'models');

export function modelPath(file: string): string {
  if (!MODELS.some((m) => m.file === file)) throw new Error(`unknown model ${file}`);
  return path.join(modelsDir, file);
}

/** The face parser's contract in `file` (a models folder's face-parser.json), validated; throws if it is missing or wrong. */
export function readFaceParserContract(file: string = FACE_PARSER_CONTRACT): FaceParserContract {
  return FaceParserContractSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
