// The live parser: the still analysis's face parser (faceParser.ts) on a camera frame every couple
// of seconds, in its own CLASSIC Web Worker. Classic because tfjs-tflite loads its wasm glue with
// importScripts wherever there is no window, and module workers have no importScripts; its own
// worker because one parse (~400 ms on one thread) would stall the live landmarks for a dozen frames.
// The frame comes whole (a transferred VideoFrame) and is read here at the parse's resolution, so
// the main thread pays nothing for the copy either.
import type { FromParser, ToParser } from './liveParseProtocol.ts';
import { FaceParser } from './faceParser.ts';
import { VideoFrameSampler } from './videoFrameSampler.ts';

let parser: FaceParser | null = null;
const sampler = new VideoFrameSampler();

function post(message: FromParser, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

async function handle(message: ToParser): Promise<void> {
  if (message.type === 'init') {
    const t0 = performance.now();
    const loaded = await FaceParser.load(message.assets);
    parser = loaded.parser;
    post({ type: 'ready', status: loaded.status, loadMs: performance.now() - t0 });
    return;
  }
  const { frame, timestamp } = message;
  if (!parser) {
    frame.close();
    post({ type: 'error', timestamp, message: 'the live parser has no model' });
    return;
  }
  try {
    const t0 = performance.now();
    const image = await sampler.sampleFrame(frame, message.sampleWidth);
    const t1 = performance.now();
    try {
      const parse = parser.parse(image, message.crop, message.frameWidth);
      post({ type: 'parsed', timestamp, parse, sampleMs: t1 - t0, parseMs: performance.now() - t1 }, [parse.classes.buffer]);
    } finally {
      image.close();
    }
  } catch (error) {
    post({ type: 'error', timestamp, message: `live parse failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

// one at a time: the pump sends the next frame only after this one's answer
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<ToParser>) => {
  queue = queue.then(() => handle(event.data));
};
