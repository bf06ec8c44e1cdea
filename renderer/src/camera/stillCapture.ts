// Takes the still from the live stream at the camera's full resolution (never mirrored: the spec
// forbids mirroring the photo) and analyses it with the booth's StillAnalyzer.
import { bytesToBase64, parseToWire, toWire } from '../../../shared/vision/analysisWire.ts';
import type { FaceParseWire, StillAnalysisWire } from '../../../shared/vision/stillAnalysis.ts';
import type { StillAnalyzer } from '../../vision/stillAnalyzer.ts';

/** Long side of the copy the still models see; landmarks come back in full-resolution pixels. */
const ANALYSIS_LONG_SIDE = 1024;
const STILL_JPEG_QUALITY = 0.95;

export interface CapturedStill {
  jpegBase64: string;
  /** landmarks and person mask; the class map comes from `parse` */
  analysis: StillAnalysisWire;
  /** for the review screen's "your original" thumbnail */
  previewUrl: string;
  /** an id pairing the capture with its class map at the booth (ParseRendezvous) */
  parseId: string;
  /**
   * The face parser's class map (null without a parser or a face), made once the capture is on its
   * way so the booth decodes and frames the photo meanwhile; call it once: it releases the still analyzer.
   */
  parse(): Promise<FaceParseWire | null>;
}

/**
 * Draws the frame, then tells `released` (the camera and live guidance may stop: their memory is
 * free for the still) and loads the still analyzer only then, closing it after the parse: the live
 * and still vision runtimes never hold memory at the same time.
 */
export async function captureStill(video: HTMLVideoElement, released: () => void, loadAnalyzer: () => Promise<StillAnalyzer>): Promise<CapturedStill> {
  const width = video.videoWidth;
  const height = video.videoHeight;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas for the still');
  context.drawImage(video, 0, 0, width, height);
  released();
  const loading = loadAnalyzer();
  let small: ImageBitmap | null = null;
  try {
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: STILL_JPEG_QUALITY });
    const scale = Math.min(1, ANALYSIS_LONG_SIDE / Math.max(width, height));
    small = await createImageBitmap(canvas, { resizeWidth: Math.round(width * scale), resizeHeight: Math.round(height * scale), resizeQuality: 'high' });
    // the full-size pixels (48 MB at 12 MP) go now, not whenever the collector finds the canvas
    canvas.width = 1;
    canvas.height = 1;
    const analyzer = await loading;
    const observed = await analyzer.observe(small, width, height);
    const image = small;
    return {
      jpegBase64: bytesToBase64(new Uint8Array(await blob.arrayBuffer())),
      analysis: toWire(observed),
      previewUrl: URL.createObjectURL(blob),
      parseId: crypto.randomUUID(),
      async parse() {
        // let the capture's request leave first: the parse holds this thread for a few hundred ms
        await new Promise((resolve) => setTimeout(resolve, 0));
        try {
          const { parse } = analyzer.parseStill(image, observed);
          return parse && parseToWire(parse);
        } finally {
          image.close();
          analyzer.close();
        }
      },
    };
  } catch (error) {
    small?.close();
    void loading.then((a) => a.close(), () => {});
    throw error;
  }
}
