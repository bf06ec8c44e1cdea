// Live-guidance rate: FaceLandmarker (VIDEO mode, CPU delegate), the live checks and the forecast
// of the still (segmenter + review rules on one frame in ten) in the kiosk's Web Worker with two
// frames in flight, and the live face parser every PARSE_EVERY_MS in its own classic worker, on a 640x480
// fake camera playing a real portrait seated as a student, in headless Debian Chromium. Prints
// `bench: live_fps <n> fps` and the per-frame costs.
import { createServer } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { launchWithCamera } from '../tools/headlessVision.ts';
import { FACE_PARSER_CONTRACT, modelPath, readFaceParserContract } from '../scripts/models.ts';
import { TFLITE_WASM_FILES, tfliteWasmFile } from '../electron/booth/host/tfliteWasmGlue.ts';
import { projectRoot } from '../electron/booth/host/projectRoot.ts';
import { PORTRAITS, seatedCamera } from '../tests/e2e/kioskHarness.ts';
import type { LiveBenchResult } from './liveBenchPage.ts';
import { PARSE_EVERY_MS } from '../renderer/vision/liveParseFreshness.ts';

const MEASURE_SECONDS = 15;
const WARMUP_SECONDS = 3;
const outDir = path.join(projectRoot, 'out', 'live-bench');
const wasmDir = path.join(projectRoot, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm');

await mkdir(outDir, { recursive: true });
const bundle = { bundle: true, format: 'esm' as const, target: 'chrome120', logLevel: 'error' as const };
await build({ ...bundle, entryPoints: [path.join(projectRoot, 'bench', 'liveBenchPage.ts')], outfile: path.join(outDir, 'page.js') });
await build({ ...bundle, entryPoints: [path.join(projectRoot, 'renderer', 'vision', 'liveGuidanceWorker.ts')], outfile: path.join(outDir, 'worker.js') });
// a classic worker, as in the kiosk (renderer/vision/liveParseWorker.ts says why)
await build({ ...bundle, format: 'iife', entryPoints: [path.join(projectRoot, 'renderer', 'vision', 'liveParseWorker.ts')], outfile: path.join(outDir, 'parse-worker.js') });
const parserModel = readFaceParserContract().model;
// seated at the oval's distance, so every frame carries the whole workload: landmarks, live rules and the forecast
const seated = await seatedCamera(path.join(PORTRAITS, 'test1.jpg'), path.join(outDir, 'camera-test1.y4m'));
if (!seated.ok) throw new Error(`test1 cannot be seated for the live bench: ${seated.reason}`);
const camera = seated.file;

const files: Record<string, [string, string]> = {
  '/page.js': [path.join(outDir, 'page.js'), 'text/javascript'],
  '/worker.js': [path.join(outDir, 'worker.js'), 'text/javascript'],
  '/wasm/vision_wasm_module_internal.js': [path.join(wasmDir, 'vision_wasm_module_internal.js'), 'text/javascript'],
  '/wasm/vision_wasm_module_internal.wasm': [path.join(wasmDir, 'vision_wasm_module_internal.wasm'), 'application/wasm'],
  '/models/face_landmarker.task': [modelPath('face_landmarker.task'), 'application/octet-stream'],
  '/models/selfie_segmenter.tflite': [modelPath('selfie_segmenter.tflite'), 'application/octet-stream'],
  '/parse-worker.js': [path.join(outDir, 'parse-worker.js'), 'text/javascript'],
  '/models/face-parser.json': [FACE_PARSER_CONTRACT, 'application/json'],
  [`/models/${parserModel}`]: [modelPath(parserModel), 'application/octet-stream'],
};
/** the tfjs-tflite glue as the kiosk serves it (rewritten for its CSP) */
const tfliteFiles = new Map(TFLITE_WASM_FILES.map((f) => [`/tflite-wasm/${f}`, f]));
const server = createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://bench').pathname;
  if (pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
    return;
  }
  const tflite = tfliteFiles.get(pathname);
  if (tflite) {
    res.writeHead(200, { 'content-type': tflite.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    res.end(tfliteWasmFile(tflite));
    return;
  }
  const file = files[pathname];
  if (pathname === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (!file) {
    res.writeHead(404);
    res.end();
    return;
  }
  void readFile(file[0]).then((body) => {
    res.writeHead(200, { 'content-type': file[1] });
    res.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
if (!address || typeof address === 'string') throw new Error('bench server has no port');

const browser = await launchWithCamera(camera);
try {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('INFO:')) console.error('[page]', message.text());
  });
  await page.goto(`http://127.0.0.1:${address.port}/`);
  await page.waitForFunction(() => typeof window.runLiveBench === 'function');
  const result: LiveBenchResult = await page.evaluate(([s, w]) => window.runLiveBench(s, w), [MEASURE_SECONDS, WARMUP_SECONDS] as const);
  if (result.facesSeen < result.results * 0.9) throw new Error(`the landmarker found a face in only ${result.facesSeen} of ${result.results} frames: the measurement is not of the real workload`);
  if (result.framingOk < result.results * 0.9) throw new Error(`the forecast accepted the framing in only ${result.framingOk} of ${result.results} frames: the review forecast did not run on the rest`);
  if (result.parses < Math.floor((MEASURE_SECONDS * 1000) / PARSE_EVERY_MS) - 1) throw new Error(`only ${result.parses} live parses in ${MEASURE_SECONDS} s (parser: ${result.parserState}): the parser's cost is not in the rate`);
  console.log(`bench: live_fps ${result.fps.toFixed(1)} fps`);
  console.log(`bench: live_detect_median ${result.medianDetectMs.toFixed(1)} ms`);
  console.log(`bench: live_checks_median ${result.medianChecksMs.toFixed(2)} ms`);
  console.log(`bench: live_forecast_median ${result.medianForecastMs.toFixed(1)} ms (segmenter + review rules, on one frame in 10)`);
  console.log(`bench: live_parse_median ${result.medianParseMs.toFixed(0)} ms (frame read at 1280 px + face parser, ${result.parses} parses, every ${PARSE_EVERY_MS / 1000} s)`);
  console.log(`bench: live_parsed_share ${((100 * result.parsedReviews) / result.results).toFixed(0)} % (results whose review had a fresh parse)`);
  console.log(`bench: live_model_load ${result.loadMs.toFixed(0)} ms`);
  console.log(`(${result.results} results in ${result.seconds.toFixed(1)} s at ${result.width}x${result.height}, target >= 25 fps on 2 cores)`);
} finally {
  await browser.close();
  server.close();
}
