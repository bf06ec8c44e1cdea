// Feeds camera frames to the live-guidance worker with two frames in flight (the measured setup
// that keeps ~29 fps at 640x480 on 2 cores) and reports each observation and the running rate.
// Every PARSE_EVERY_MS while one face is framed well it also hands the camera frame to the live
// parser's worker and passes the class map on to the guidance worker's review forecast.
import type { Rgb } from '../../shared/photoStandard.ts';
import { faceParseCrop } from '../../shared/vision/faceParserContract.ts';
import type { FaceParserAssets } from './faceParser.ts';
import type { FromWorker, LiveGuidanceAssets, LiveObservation, ToWorker } from './liveGuidanceProtocol.ts';
import type { FromParser, ToParser } from './liveParseProtocol.ts';
import { PARSE_EVERY_MS, parseLifetimeMs } from './liveParseFreshness.ts';
import { cameraFrameSampler } from './videoFrameSampler.ts';

/** the landmarker sees 640 px wide frames whatever the camera delivers: more only costs time */
const ANALYSIS_WIDTH = 640;
const MAX_IN_FLIGHT = 2;
/** the rate is measured over the last this-many results */
const RATE_WINDOW = 30;
/** the parser's 448 px input covers ~2.6 face widths: at 640 px a seated face's crop is ~300 px, upscaled */
const PARSE_WIDTH = 1280;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export interface LiveGuidanceOptions {
  video: HTMLVideoElement;
  /** the worker running liveGuidanceWorker.ts (bundlers differ in how they spell this) */
  createWorker: () => Worker;
  assets: LiveGuidanceAssets;
  background: Rgb;
  onObservation: (observation: LiveObservation) => void;
  onError: (message: string) => void;
  /** the live parser (liveParseWorker.ts, a classic worker) and the still analysis's parser files; null: none */
  parser: { createWorker: () => Worker; assets: FaceParserAssets } | null;
}

/**
 * Whether the review forecast can have the parser's class map: `pending` while the parser loads,
 * `ready` once it runs; `unavailable` (no model, or it failed) and the parser rules only warn.
 */
export type LiveParserState = { state: 'pending' | 'ready' } | { state: 'unavailable'; reason: string };

export class LiveGuidance {
  private readonly options: LiveGuidanceOptions;
  private readonly worker: Worker;
  private inFlight = 0;
  private stopped = false;
  private readonly resultTimes: number[] = [];
  private readonly detectTimes: number[] = [];
  private readonly checkTimes: number[] = [];
  private readonly forecastTimes: number[] = [];
  private frameCallback = 0;
  /** time spent loading the landmarker in the worker, ms */
  loadMs = 0;
  private readonly parserWorker: Worker | null;
  private parser: LiveParserState;
  private parseInFlight = false;
  private lastParseAt = -Infinity;
  private readonly parseTimes: number[] = [];
  /** parses made (for the benchmark) */
  parses = 0;

  private constructor(options: LiveGuidanceOptions) {
    this.options = options;
    this.worker = options.createWorker();
    this.parserWorker = options.parser ? this.startParser(options.parser.createWorker(), options.parser.assets) : null;
    this.parser = options.parser ? { state: 'pending' } : { state: 'unavailable', reason: 'no parser configured' };
  }

  static async start(options: LiveGuidanceOptions): Promise<LiveGuidance> {
    const guidance = new LiveGuidance(options);
    await guidance.init();
    guidance.scheduleFrame();
    return guidance;
  }

  /** results per second over the last RATE_WINDOW results; 0 until there are two */
  get fps(): number {
    const times = this.resultTimes;
    if (times.length < 2) return 0;
    return ((times.length - 1) * 1000) / ((times[times.length - 1] ?? 0) - (times[0] ?? 0));
  }

  get medianDetectMs(): number {
    return median(this.detectTimes);
  }

  get medianChecksMs(): number {
    return median(this.checkTimes);
  }

  /** median cost of a forecast (segmenter + review rules) on the frames that ran one */
  get medianForecastMs(): number {
    return median(this.forecastTimes);
  }

  /** median time of one live parse in its worker (the frame's read at PARSE_WIDTH and the parser) */
  get medianParseMs(): number {
    return median(this.parseTimes);
  }

  get parserState(): LiveParserState {
    return this.parser;
  }

  /**
   * Whether a capture now would come before the parser's word on `observation`: its review has no
   * parse while the booth has a parser that runs or is loading. A booth without one never waits.
   */
  awaitsParse(observation: LiveObservation): boolean {
    return this.parser.state !== 'unavailable' && observation.parsedAt === null;
  }

  stop(): void {
    this.stopped = true;
    this.options.video.cancelVideoFrameCallback(this.frameCallback);
    this.worker.terminate();
    this.parserWorker?.terminate();
  }

  private startParser(worker: Worker, assets: FaceParserAssets): Worker {
    const unavailable = (reason: string): void => {
      this.parser = { state: 'unavailable', reason };
      console.error(`live parser: ${reason}`);
    };
    worker.onmessage = (event: MessageEvent<FromParser>) => {
      const message = event.data;
      if (message.type === 'ready') {
        this.parser = message.status.state === 'ready' ? { state: 'ready' } : { state: 'unavailable', reason: message.status.reason };
        if (message.status.state !== 'ready') console.error(`live parser: ${message.status.reason}`);
      } else if (message.type === 'error') {
        // a parser that failed once is not waited for again: the still's own parse still judges the photo
        this.parseInFlight = false;
        unavailable(message.message);
      } else {
        this.parseInFlight = false;
        this.parses++;
        this.parseTimes.push(message.sampleMs + message.parseMs);
        if (this.parseTimes.length > RATE_WINDOW) this.parseTimes.shift();
        // the observation's timestamp is the video frame callback's, on this clock
        const lifetimeMs = parseLifetimeMs(performance.now() - message.timestamp);
        if (!this.stopped) this.send({ type: 'parse', parse: message.parse, timestamp: message.timestamp, lifetimeMs }, [message.parse.classes.buffer]);
      }
    };
    worker.onerror = (event) => unavailable(`worker failed: ${event.message}`);
    const init: ToParser = { type: 'init', assets };
    worker.postMessage(init);
    return worker;
  }

  /** Hands the current camera frame to the parser when one face is framed well and a parse is due. */
  private maybeParse(observation: LiveObservation): void {
    const face = observation.faces[0];
    const now = performance.now();
    if (!this.parserWorker || this.parser.state !== 'ready' || this.parseInFlight || now - this.lastParseAt < PARSE_EVERY_MS) return;
    if (observation.faces.length !== 1 || !face || !observation.framing?.ok) return;
    let frame: VideoFrame;
    try {
      // the frame on screen now, a frame or two after the observed one: a seated face barely moves in that time
      frame = new VideoFrame(this.options.video);
    } catch {
      return; // no frame to copy at this moment (the camera is restarting): the next observation tries again
    }
    this.parseInFlight = true;
    this.lastParseAt = now;
    const message: ToParser = { type: 'parse', frame, sampleWidth: PARSE_WIDTH, crop: faceParseCrop(face), frameWidth: observation.width, timestamp: observation.timestamp };
    this.parserWorker.postMessage(message, [frame]);
  }

  private init(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === 'ready') {
          this.loadMs = message.loadMs;
          this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.onMessage(e.data);
          resolve();
        } else if (message.type === 'error') reject(new Error(message.message));
      };
      this.worker.onerror = (event) => reject(new Error(`live guidance worker failed: ${event.message}`));
      this.send({ type: 'init', assets: this.options.assets, background: this.options.background });
    });
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'ready') return;
    if (message.type === 'error') {
      this.inFlight = Math.max(0, this.inFlight - 1);
      this.options.onError(message.message);
      return;
    }
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.resultTimes.push(performance.now());
    if (this.resultTimes.length > RATE_WINDOW) this.resultTimes.shift();
    this.detectTimes.push(message.detectMs);
    if (this.detectTimes.length > RATE_WINDOW) this.detectTimes.shift();
    this.checkTimes.push(message.checksMs);
    if (this.checkTimes.length > RATE_WINDOW) this.checkTimes.shift();
    if (message.forecastMs > 0) {
      this.forecastTimes.push(message.forecastMs);
      if (this.forecastTimes.length > RATE_WINDOW) this.forecastTimes.shift();
    }
    if (this.stopped) return;
    this.options.onObservation(message);
    this.maybeParse(message);
  }

  private scheduleFrame(): void {
    if (this.stopped) return;
    this.frameCallback = this.options.video.requestVideoFrameCallback((now) => void this.onFrame(now));
  }

  private async onFrame(now: number): Promise<void> {
    const video = this.options.video;
    if (this.inFlight < MAX_IN_FLIGHT && video.videoWidth > 0) {
      this.inFlight++;
      try {
        const bitmap = await cameraFrameSampler.sample(video, ANALYSIS_WIDTH);
        if (this.stopped) bitmap.close();
        else this.send({ type: 'frame', bitmap, timestamp: now, still: { width: video.videoWidth, height: video.videoHeight } }, [bitmap]);
      } catch (error) {
        this.inFlight--;
        this.options.onError(`camera frame unavailable: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.scheduleFrame();
  }
}
