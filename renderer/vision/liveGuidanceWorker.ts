// The live-guidance Web Worker: FaceLandmarker in VIDEO mode on camera frames, off the main thread
// so the UI keeps 60 fps (notes/live-guidance-facts.md: the main-thread loop stalls at ~20 fps).
import { FaceLandmarker } from '@mediapipe/tasks-vision';
import type { CheckResult } from '../../shared/checkResult.ts';
import { runLiveChecks } from '../../shared/checks/runChecks.ts';
import type { Rgb } from '../../shared/photoStandard.ts';
import type { FaceObservation } from '../../shared/vision/stillAnalysis.ts';
import type { FromWorker, ToWorker } from './liveGuidanceProtocol.ts';

let landmarker: FaceLandmarker | null = null;
let background: Rgb = [255, 255, 255];
let lastTimestamp = -1;
/** the frame's pixels for the pixel rules (glare, hair over eyebrows), reused across frames */
let canvas: OffscreenCanvas | null = null;
/**
 * The pixel rules run on every PIXEL_RULES_EVERY-th frame and their verdicts carry over in
 * between: inference already keeps the thread ~90 % busy (notes/live-guidance-facts.md), and
 * glare or hair do not change within a tenth of a second.
 */
const PIXEL_RULES_EVERY = 3;
let frameCount = 0;
let pixelVerdicts: CheckResult[] = [];

function pixelsOf(bitmap: ImageBitmap): ImageData | null {
  if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height) canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

function post(message: FromWorker): void {
  (self as unknown as Worker).postMessage(message);
}

function toObservations(result: ReturnType<FaceLandmarker['detectForVideo']>, width: number, height: number): FaceObservation[] {
  return result.faceLandmarks.map((normalized, i) => {
    const points = new Array<number>(normalized.length * 3);
    normalized.forEach((p, j) => {
      points[j * 3] = p.x * width;
      points[j * 3 + 1] = p.y * height;
      points[j * 3 + 2] = p.z * width;
    });
    const blendshapes: Record<string, number> = {};
    for (const c of result.faceBlendshapes[i]?.categories ?? []) blendshapes[c.categoryName] = c.score;
    return { points, blendshapes, matrix: Array.from(result.facialTransformationMatrixes[i]?.data ?? []) };
  });
}

function liveChecks(face: FaceObservation | null, bitmap: ImageBitmap): CheckResult[] {
  if (!face) {
    pixelVerdicts = [];
    return runLiveChecks(null, null, { background });
  }
  const landmarkOnly = runLiveChecks(face, null, { background });
  if (frameCount++ % PIXEL_RULES_EVERY === 0) {
    const pixels = pixelsOf(bitmap);
    const frame = pixels && { width: pixels.width, height: pixels.height, channels: 4 as const, data: pixels.data };
    const measured = new Set(landmarkOnly.map((c) => c.id));
    pixelVerdicts = frame ? runLiveChecks(face, frame, { background }).filter((c) => !measured.has(c.id)) : [];
  }
  return [...landmarkOnly, ...pixelVerdicts];
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    try {
      const t0 = performance.now();
      background = message.background;
      const { wasmLoaderUrl, wasmBinaryUrl, faceLandmarkerUrl } = message.assets;
      landmarker = await FaceLandmarker.createFromOptions(
        { wasmLoaderPath: wasmLoaderUrl, wasmBinaryPath: wasmBinaryUrl },
        {
          baseOptions: { modelAssetPath: faceLandmarkerUrl, delegate: 'CPU' },
          runningMode: 'VIDEO',
          numFaces: 2,
          // blendshapes and the pose matrix cost nothing measurable and drive the eye/mouth/pose hints
          outputFaceBlendshapes: true,
          outputFacialTransformationMatrixes: true,
        },
      );
      post({ type: 'ready', loadMs: performance.now() - t0 });
    } catch (error) {
      post({ type: 'error', message: `face landmarker failed to load: ${error instanceof Error ? error.message : String(error)}` });
    }
    return;
  }
  const { bitmap } = message;
  try {
    if (!landmarker) return;
    // VIDEO mode needs strictly increasing timestamps
    const timestamp = Math.max(message.timestamp, lastTimestamp + 1);
    lastTimestamp = timestamp;
    const t0 = performance.now();
    const result = landmarker.detectForVideo(bitmap, timestamp);
    const t1 = performance.now();
    const faces = toObservations(result, bitmap.width, bitmap.height);
    const checks = liveChecks(faces[0] ?? null, bitmap);
    post({ type: 'result', timestamp: message.timestamp, width: bitmap.width, height: bitmap.height, faces, checks, detectMs: t1 - t0, checksMs: performance.now() - t1 });
  } catch (error) {
    post({ type: 'error', message: `live detection failed: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    bitmap.close();
  }
};
