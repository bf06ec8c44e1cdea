// Drives the booth's vision code (renderer/vision) in headless Debian Chromium for the runner, the
// check CLI, tests and benchmarks: tasks-vision cannot run in plain Node.
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import type { FaceParse, StillAnalysis } from '../shared/vision/stillAnalysis.ts';
import { fromWire, parseFromWire } from '../shared/vision/analysisWire.ts';
import type {} from '../renderer/vision/headlessEntry.ts';
import type { FaceParserState } from '../renderer/vision/faceParser.ts';
import { FACE_PARSER_CONTRACT, MODELS, modelPath } from '../scripts/models.ts';
import { TFLITE_WASM_FILES, tfliteWasmFile } from '../electron/booth/host/tfliteWasmGlue.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundleDir = path.join(root, 'out', 'headless-vision');
const wasmDir = path.join(root, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm');

/** Long side of the copy the models see; landmarks come back in full-resolution pixels. */
export const VISION_LONG_SIDE = 1024;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

/** Debian Chromium whose camera is the given Y4M file looping (how the live flow is tested and benchmarked). */
export function launchWithCamera(cameraFile: string, executablePath = CHROMIUM_PATH): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${cameraFile}`, '--autoplay-policy=no-user-gesture-required'],
  });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.task': 'application/octet-stream', '.tflite': 'application/octet-stream',
};

export interface RgbaImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface HeadlessVisionOptions {
  /** false: run without the face parser, as a booth with no parser model does */
  faceParser?: boolean;
}

export class HeadlessVision {
  /** milliseconds spent loading the models, for the benchmarks */
  modelLoadMs = 0;
  parser: FaceParserState = { state: 'missing', reason: 'not started' };
  private frames = new Map<string, RgbaImage>();
  private nextFrame = 0;

  private readonly server: Server;
  private readonly browser: Browser;
  private readonly page: Page;

  private constructor(server: Server, browser: Browser, page: Page) {
    this.server = server;
    this.browser = browser;
    this.page = page;
  }

  static async start(options: HeadlessVisionOptions = {}): Promise<HeadlessVision> {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (scripts/setup.sh does) or set CHROMIUM_PATH`);
    await bundleEntry();
    const frames = new Map<string, RgbaImage>();
    const server = createServer((req, res) => {
      void serve(req.url ?? '/', frames).then(
        ({ body, type }) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); },
        (err: Error) => { res.writeHead(404); res.end(err.message); },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('vision server has no port');
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage();
    const base = `http://127.0.0.1:${address.port}`;
    await page.goto(`${base}/index.html`);
    const vision = new HeadlessVision(server, browser, page);
    vision.frames = frames;
    const faceParser = options.faceParser === false ? null : { wasmPath: `${base}/tflite-wasm/`, contractUrl: `${base}/models/face-parser.json` };
    const init = await page.evaluate(
      (assets) => window.gradboothVision.init(assets),
      { wasmBase: `${base}/wasm`, faceLandmarkerUrl: `${base}/models/face_landmarker.task`, selfieSegmenterUrl: `${base}/models/selfie_segmenter.tflite`, faceParser },
    );
    vision.modelLoadMs = init.loadMs;
    vision.parser = init.parser;
    return vision;
  }

  /** Analyse an oriented RGBA copy (any size up to VISION_LONG_SIDE) of a fullWidth x fullHeight still. */
  async analyze(small: RgbaImage, fullWidth: number, fullHeight: number): Promise<StillAnalysis> {
    const id = String(this.nextFrame++);
    this.frames.set(id, small);
    try {
      const wire = await this.page.evaluate(
        ([url, w, h, fw, fh]) => window.gradboothVision.analyze(url, w, h, fw, fh),
        [`/frame/${id}`, small.width, small.height, fullWidth, fullHeight] as const,
      );
      return fromWire(wire);
    } finally {
      this.frames.delete(id);
    }
  }

  /**
   * As the booth does it: the analysis without the class map at once, and the map's promise, made
   * in Chromium while Node works on the crop and the matte.
   */
  async observe(small: RgbaImage, fullWidth: number, fullHeight: number): Promise<{ analysis: StillAnalysis; parse: Promise<{ parse: FaceParse | null; ms: number }> }> {
    const id = String(this.nextFrame++);
    const url = `/frame/${id}`;
    this.frames.set(id, small);
    try {
      const wire = await this.page.evaluate(([u, w, h, fw, fh]) => window.gradboothVision.observe(u, w, h, fw, fh), [url, small.width, small.height, fullWidth, fullHeight] as const);
      const parse = this.page.evaluate((u) => window.gradboothVision.parse(u), url).then(
        ({ parse: p, ms }) => ({ parse: p && parseFromWire(p), ms }),
        // a parser that fails costs the class map, as in the booth
        () => ({ parse: null, ms: 0 }),
      );
      return { analysis: fromWire(wire), parse };
    } finally {
      this.frames.delete(id);
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The model-sized RGBA copy of an image file (EXIF-oriented), as the vision side wants it. */
export async function visionInput(input: Buffer | string): Promise<{ small: RgbaImage; width: number; height: number }> {
  const meta = await sharp(input).metadata();
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? meta.height : meta.width;
  const height = swap ? meta.width : meta.height;
  if (!width || !height) throw new Error('image has no size');
  const scale = Math.min(1, VISION_LONG_SIDE / Math.max(width, height));
  const { data, info } = await sharp(input)
    .rotate()
    .resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), { kernel: 'linear' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { small: { data, width: info.width, height: info.height }, width, height };
}

/**
 * A fingerprint of everything that decides vision results: the vision code, this driver and the
 * pinned models. Caches of results key on it, so a change to any of them recomputes.
 */
export async function visionFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['renderer/vision/stillAnalyzer.ts', 'renderer/vision/personMask.ts', 'renderer/vision/faceParser.ts', 'renderer/vision/headlessEntry.ts', 'shared/vision/faceParserContract.ts', 'electron/booth/host/tfliteWasmGlue.ts', 'tools/headlessVision.ts', 'resources/models/face-parser.json']) {
    hash.update(await readFile(path.join(root, file)));
  }
  for (const model of MODELS) hash.update(model.sha256);
  return hash.digest('hex').slice(0, 16);
}

async function bundleEntry(): Promise<void> {
  await mkdir(bundleDir, { recursive: true });
  await build({
    entryPoints: [path.join(root, 'renderer', 'vision', 'headlessEntry.ts')],
    bundle: true, format: 'esm', target: 'chrome120', outfile: path.join(bundleDir, 'entry.js'), logLevel: 'error',
  });
}

async function serve(url: string, frames: Map<string, RgbaImage>): Promise<{ body: Buffer | string; type: string }> {
  const pathname = new URL(url, 'http://x').pathname;
  if (pathname === '/index.html') return { body: '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>', type: 'text/html' };
  if (pathname === '/entry.js') return { body: await readFile(path.join(bundleDir, 'entry.js')), type: 'text/javascript' };
  const frame = /^\/frame\/(\d+)$/.exec(pathname);
  if (frame?.[1] !== undefined) {
    const image = frames.get(frame[1]);
    if (!image) throw new Error('no such frame');
    return { body: image.data, type: 'application/octet-stream' };
  }
  const tflite = /^\/tflite-wasm\/([\w.-]+)$/.exec(pathname)?.[1];
  if (tflite && (TFLITE_WASM_FILES as readonly string[]).includes(tflite)) return { body: tfliteWasmFile(tflite), type: CONTENT_TYPES[path.extname(tflite)] ?? 'application/octet-stream' };
  if (pathname === '/models/face-parser.json') return { body: await readFile(FACE_PARSER_CONTRACT), type: 'application/json' };
  const file = /^\/(wasm|models)\/([\w.-]+)$/.exec(pathname);
  if (file?.[1] && file[2]) {
    const full = file[1] === 'wasm' ? path.join(wasmDir, file[2]) : modelPath(file[2]);
    return { body: await readFile(full), type: CONTENT_TYPES[path.extname(full)] ?? 'application/octet-stream' };
  }
  throw new Error(`not found: ${pathname}`);
}
