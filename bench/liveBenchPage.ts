// Browser side of bench/live.bench.ts: the kiosk's live-guidance pump and worker on the fake camera.
import { LiveGuidance } from '../renderer/vision/liveGuidance.ts';
import { DEFAULT_BACKGROUND } from '../shared/photoStandard.ts';

export interface LiveBenchResult {
  fps: number;
  results: number;
  seconds: number;
  medianDetectMs: number;
  medianChecksMs: number;
  medianForecastMs: number;
  /** frames whose framing the engine would accept */
  framingOk: number;
  loadMs: number;
  width: number;
  height: number;
  facesSeen: number;
  parses: number;
  medianParseMs: number;
  /** results whose review forecast had a fresh face parse */
  parsedReviews: number;
  parserState: string;
}

declare global {
  interface Window {
    runLiveBench(seconds: number, warmupSeconds: number): Promise<LiveBenchResult>;
  }
}

window.runLiveBench = async (seconds, warmupSeconds) => {
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  await video.play();
  let counting = false;
  let results = 0;
  let facesSeen = 0;
  let framingOk = 0;
  let parsedReviews = 0;
  const base = new URL('/', location.href).href;
  const guidance = await LiveGuidance.start({
    video,
    createWorker: () => new Worker('/worker.js', { type: 'module' }),
    assets: { wasmLoaderUrl: `${base}wasm/vision_wasm_module_internal.js`, wasmBinaryUrl: `${base}wasm/vision_wasm_module_internal.wasm`, faceLandmarkerUrl: `${base}models/face_landmarker.task`, selfieSegmenterUrl: `${base}models/selfie_segmenter.tflite` },
    background: [...DEFAULT_BACKGROUND],
    parser: { createWorker: () => new Worker('/parse-worker.js'), assets: { wasmPath: `${base}tflite-wasm/`, contractUrl: `${base}models/face-parser.json` } },
    onObservation: (o) => {
      if (!counting) return;
      results++;
      if (o.faces.length > 0) facesSeen++;
      if (o.framing?.ok) framingOk++;
      if (o.parsedAt !== null) parsedReviews++;
    },
    onError: (message) => console.error(message),
  });
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
  counting = true;
  const parsesBefore = guidance.parses;
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  counting = false;
  const result = { fps: results / elapsed, results, seconds: elapsed, medianDetectMs: guidance.medianDetectMs, medianChecksMs: guidance.medianChecksMs, medianForecastMs: guidance.medianForecastMs, framingOk, loadMs: guidance.loadMs, width: video.videoWidth, height: video.videoHeight, facesSeen,
    parses: guidance.parses - parsesBefore, medianParseMs: guidance.medianParseMs, parsedReviews, parserState: guidance.parserState.state };
  guidance.stop();
  return result;
};
