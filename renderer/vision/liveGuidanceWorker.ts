// The live-guidance Web Worker: FaceLandmarker in VIDEO mode on camera frames, off the main thread
// so the UI keeps 60 fps (notes/live-guidance-facts.md: the main-thread loop stalls at ~20 fps).
// Now and then it also takes the person mask and forecasts the still: what the photo engine and the
// review screen would say of a capture taken now (shared/photo/framingForecast, reviewForecast),
// with the latest face parse from the live parser (liveParseWorker.ts) while it fits the face.
import { FaceLandmarker, ImageSegmenter } from '@mediapipe/tasks-vision';
import type { CheckResult } from '../../shared/checkResult.ts';
import { runLiveChecks } from '../../shared/checks/runChecks.ts';
import { forecastFraming, type FramingForecast } from '../../shared/photo/framingForecast.ts';
import { forecastReview } from '../../shared/photo/reviewForecast.ts';
import { OUTPUT_HEIGHT, OUTPUT_WIDTH, type Rgb } from '../../shared/photoStandard.ts';
import type { FaceObservation, PersonMask } from '../../shared/vision/stillAnalysis.ts';
import type { FramingVerdict, FromWorker, ToWorker } from './liveGuidanceProtocol.ts';
import { freshParse, type LiveParse } from './liveParseFreshness.ts';
import { segmentPerson } from './personMask.ts';

let landmarker: FaceLandmarker | null = null;
let segmenter: ImageSegmenter | null = null;
let background: Rgb = [255, 255, 255];
let lastTimestamp = -1;
/** the frame's pixels for the pixel rules (glare, hair over eyebrows), reused across frames */
let canvas: OffscreenCanvas | null = null;
/** the frame drawn through the forecast crop onto the output grid */
let outputCanvas: OffscreenCanvas | null = null;
/**
 * The pixel rules run on every PIXEL_RULES_EVERY-th frame and their verdicts carry over in
 * between: inference already keeps the thread ~90 % busy (notes/live-guidance-facts.md), and
 * glare or hair do not change within a tenth of a second.
 */
const PIXEL_RULES_EVERY = 3;
/**
 * The segmenter (20–25 ms) and the review forecast run on every FORECAST_EVERY-th frame with a
 * face, about three times a second: a seated student's hair and clothes move slowly, and at this
 * rate the live rate stays where it was (docs/live-guide.md "Cost").
 */
const FORECAST_EVERY = 10;
let frameCount = 0;
let pixelVerdicts: CheckResult[] = [];
let mask: PersonMask | null = null;
let framesSinceForecast = Infinity;
let review: CheckResult[] | null = null;
/** the newest parse the pump passed on, and the frame timestamp of the one `review` used */
let latestParse: LiveParse | null = null;
let reviewParsedAt: number | null = null;

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

/** The review screen's rules on the frame drawn through the forecast crop. */
function reviewOf(framing: Extract<FramingForecast, { ok: true }>, bitmap: ImageBitmap, personMask: PersonMask, parse: LiveParse | null): CheckResult[] | null {
  outputCanvas ??= new OffscreenCanvas(OUTPUT_WIDTH, OUTPUT_HEIGHT);
  const context = outputCanvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  const { scaleX, scaleY, offsetX, offsetY } = framing.mapping;
  context.clearRect(0, 0, OUTPUT_WIDTH, OUTPUT_HEIGHT);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, offsetX, offsetY, bitmap.width * scaleX, bitmap.height * scaleY);
  const rendered = context.getImageData(0, 0, OUTPUT_WIDTH, OUTPUT_HEIGHT).data;
  return forecastReview(framing, rendered, personMask, bitmap, background, parse?.parse ?? null);
}

/** The forecast of a still taken now; the mask and the review verdicts are renewed every FORECAST_EVERY frames. */
async function forecast(faces: FaceObservation[], bitmap: ImageBitmap, still: { width: number; height: number }): Promise<{ framing: FramingVerdict | null; forecastMs: number }> {
  const t0 = performance.now();
  if (faces.length === 0 || !segmenter) {
    mask = null;
    review = null;
    reviewParsedAt = null;
    framesSinceForecast = Infinity;
    return { framing: null, forecastMs: 0 };
  }
  const due = framesSinceForecast >= FORECAST_EVERY;
  if (due) mask = await segmentPerson(segmenter, bitmap);
  framesSinceForecast = due ? 0 : framesSinceForecast + 1;
  const framing = forecastFraming({ live: { width: bitmap.width, height: bitmap.height, faces, mask, timings: {} }, still });
  const parse = framing.ok ? freshParse(latestParse, framing.face, performance.now()) : null;
  // a framing that just became acceptable gets its review verdicts at once, and so does a new
  // parse, or the end of the one the verdicts used (the parser rules are what the countdown waits for)
  const reviewNow = framing.ok && mask !== null && (due || review === null || (parse?.timestamp ?? null) !== reviewParsedAt);
  if (!framing.ok) {
    review = null;
    reviewParsedAt = null;
  } else if (reviewNow && mask) {
    review = reviewOf(framing, bitmap, mask, parse);
    reviewParsedAt = review && parse ? parse.timestamp : null;
  }
  const verdict: FramingVerdict = framing.ok ? { ok: true, headTopRoom: framing.headTopRoom, margin: framing.crop.margin } : framing;
  return { framing: verdict, forecastMs: due || reviewNow ? performance.now() - t0 : 0 };
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'init') {
    try {
      const t0 = performance.now();
      background = message.background;
      const { wasmLoaderUrl, wasmBinaryUrl, faceLandmarkerUrl, selfieSegmenterUrl } = message.assets;
      const fileset = { wasmLoaderPath: wasmLoaderUrl, wasmBinaryPath: wasmBinaryUrl };
      [landmarker, segmenter] = await Promise.all([
        FaceLandmarker.createFromOptions(fileset, {
          baseOptions: { modelAssetPath: faceLandmarkerUrl, delegate: 'CPU' },
          runningMode: 'VIDEO',
          numFaces: 2,
          // blendshapes and the pose matrix cost nothing measurable and drive the eye/mouth/pose hints
          outputFaceBlendshapes: true,
          outputFacialTransformationMatrixes: true,
        }),
        ImageSegmenter.createFromOptions(fileset, {
          baseOptions: { modelAssetPath: selfieSegmenterUrl, delegate: 'CPU' },
          runningMode: 'IMAGE',
          outputConfidenceMasks: true,
          outputCategoryMask: false,
        }),
      ]);
      post({ type: 'ready', loadMs: performance.now() - t0 });
    } catch (error) {
      post({ type: 'error', message: `live models failed to load: ${error instanceof Error ? error.message : String(error)}` });
    }
    return;
  }
  if (message.type === 'parse') {
    latestParse = { timestamp: message.timestamp, receivedAt: performance.now(), lifetimeMs: message.lifetimeMs, parse: message.parse };
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
    const t2 = performance.now();
    const { framing, forecastMs } = await forecast(faces, bitmap, message.still);
    post({ type: 'result', timestamp: message.timestamp, width: bitmap.width, height: bitmap.height, faces, checks, framing, review, parsedAt: review ? reviewParsedAt : null, detectMs: t1 - t0, checksMs: t2 - t1, forecastMs });
  } catch (error) {
    post({ type: 'error', message: `live detection failed: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    bitmap.close();
  }
}

// one message at a time, in order: the forecast awaits the segmenter's input copy, and the next
// frame (two are in flight) must not overtake it
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(event.data));
};
