// Feeds camera frames to the live-guidance worker with two frames in flight (the measured setup
// that keeps ~29 fps at 640x480 on 2 cores) and reports each observation and the running rate.
import type { Rgb } from '../../shared/photoStandard.ts';
import type { FromWorker, LiveGuidanceAssets, LiveObservation, ToWorker } from './liveGuidanceProtocol.ts';
import { cameraFrameSampler } from './videoFrameSampler.ts';

/** the landmarker sees 640 px wide frames whatever the camera delivers: more only costs time */
const ANALYSIS_WIDTH = 640;
const MAX_IN_FLIGHT = 2;
/** the rate is measured over the last this-many results */
const RATE_WINDOW = 30;

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
}

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

  private constructor(options: LiveGuidanceOptions) {
    this.options = options;
    this.worker = options.createWorker();
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

  stop(): void {
    this.stopped = true;
    this.options.video.cancelVideoFrameCallback(this.frameCallback);
    this.worker.terminate();
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
    if (!this.stopped) this.options.onObservation(message);
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
