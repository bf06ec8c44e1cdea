// The MediaPipe models the booth uses, pinned by upstream URL and sha256. resources/models/ is
// filled from these by scripts/fetchModels.ts and never committed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PinnedModel {
  file: string;
  url: string;
  sha256: string;
  bytes: number;
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
];

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const modelsDir = path.join(projectRoot, 'resources', 'models');

export function modelPath(file: string): string {
  if (!MODELS.some((m) => m.file === file)) throw new Error(`unknown model ${file}`);
  return path.join(modelsDir, file);
}
