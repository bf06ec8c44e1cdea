// Small RGBA copies of camera frames read from the frame's own planes (VideoFrame.copyTo).
// createImageBitmap(video, { resizeWidth }) and drawImage(video) first convert the whole frame to
// RGBA through a pool of full-size shared buffers: at 4000x3000 the kiosk page measured ~15 of them
// (~650 MB) for a 640 px copy, and each call took ~125 ms on the booth's two cores. Copying the
// YUV planes and sampling them here took ~20 ms and no pool (docs/kiosk.md §5).

/** YUV → RGB weights of the frame's matrix (BT.601 unless it says BT.709). */
interface YuvMatrix { rv: number; gu: number; gv: number; bu: number }
const BT601: YuvMatrix = { rv: 1.402, gu: 0.344136, gv: 0.714136, bu: 1.772 };
const BT709: YuvMatrix = { rv: 1.5748, gu: 0.187324, gv: 0.468124, bu: 1.8556 };

const PLANAR = new Set<VideoPixelFormat>(['I420', 'I420A', 'NV12']);
const PACKED = new Set<VideoPixelFormat>(['RGBA', 'RGBX', 'BGRA', 'BGRX']);

export class VideoFrameSampler {
  /** one plane buffer and one output, reused (the samples run one after another): a camera's
   * frame rate of fresh buffers would be garbage the collector lets pile up */
  private planes = new Uint8Array(0);
  private pixels: ImageData | null = null;
  private previous: Promise<unknown> = Promise.resolve();

  /**
   * The current frame of `video` scaled to `width` pixels wide (aspect kept). Frames in a format
   * this does not read (a GPU-only frame, say) are scaled by createImageBitmap.
   */
  sample(video: HTMLVideoElement, width: number): Promise<ImageBitmap> {
    return this.sampleFrame(new VideoFrame(video), width);
  }

  /** The same for a frame taken elsewhere (a worker gets the camera's frames by transfer); closes it. */
  sampleFrame(frame: VideoFrame, width: number): Promise<ImageBitmap> {
    const next = this.previous.then(() => this.read(frame, width));
    this.previous = next.catch(() => {});
    return next;
  }

  private async read(frame: VideoFrame, width: number): Promise<ImageBitmap> {
    try {
      const { format } = frame;
      const rect = frame.visibleRect;
      if (!rect || !format || (!PLANAR.has(format) && !PACKED.has(format))) {
        return await createImageBitmap(frame, { resizeWidth: width, resizeHeight: Math.max(1, Math.round((width * frame.displayHeight) / frame.displayWidth)), resizeQuality: 'low' });
      }
      const size = frame.allocationSize();
      if (this.planes.length < size) this.planes = new Uint8Array(size);
      const layout = await frame.copyTo(this.planes);
      const outWidth = Math.min(width, rect.width);
      const outHeight = Math.max(1, Math.round((outWidth * rect.height) / rect.width));
      if (this.pixels?.width !== outWidth || this.pixels.height !== outHeight) this.pixels = new ImageData(outWidth, outHeight);
      if (PACKED.has(format)) samplePacked(this.planes, layout, format, rect, this.pixels);
      else samplePlanar(this.planes, layout, format, rect, this.pixels, frame.colorSpace);
      return await createImageBitmap(this.pixels);
    } finally {
      frame.close();
    }
  }
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * Where to read inside each output pixel's block of source pixels: `taps` points a row or column,
 * spread evenly over the block (one point, or two neighbours, would alias hair and edges at a 6x
 * downscale, which the live hair checks look at).
 */
function tapPositions(outSize: number, sourceSize: number, taps: number): Int32Array {
  const step = sourceSize / outSize;
  const positions = new Int32Array(outSize * taps);
  for (let o = 0; o < outSize; o++) {
    for (let t = 0; t < taps; t++) positions[o * taps + t] = Math.min(sourceSize - 1, Math.floor(o * step + ((t + 0.5) * step) / taps));
  }
  return positions;
}

function samplePlanar(src: Uint8Array, layout: PlaneLayout[], format: VideoPixelFormat, rect: DOMRectReadOnly, out: ImageData, colour: VideoColorSpace): void {
  const [y, u, v] = layout as [PlaneLayout, PlaneLayout, PlaneLayout | undefined];
  const matrix = colour.matrix === 'bt709' ? BT709 : BT601;
  // limited range ("TV", 16–235) unless the frame says full range
  const full = colour.fullRange ?? false;
  const yScale = full ? 1 : 255 / 219, yOffset = full ? 0 : 16, cScale = full ? 1 : 255 / 224;
  const nv12 = format === 'NV12';
  const { width, height, data } = out;
  // 2x2 luma taps a block, one chroma sample: what two neighbouring pixels cost, spread over the block
  const taps = rect.width >= width * 2 ? 2 : 1;
  const xs = tapPositions(width, rect.width, taps), ys = tapPositions(height, rect.height, taps);
  const lumaTaps = taps * taps;
  let i = 0;
  for (let row = 0; row < height; row++) {
    const cy = ys[row * taps]! >> 1;
    const uRow = u.offset + cy * u.stride;
    const vRow = nv12 ? 0 : v!.offset + cy * v!.stride;
    for (let col = 0; col < width; col++) {
      let luma = 0;
      for (let ty = 0; ty < taps; ty++) {
        const yRow = y.offset + ys[row * taps + ty]! * y.stride;
        for (let tx = 0; tx < taps; tx++) luma += src[yRow + xs[col * taps + tx]!]!;
      }
      const cx = xs[col * taps]! >> 1;
      const cb = nv12 ? src[uRow + cx * 2]! : src[uRow + cx]!;
      const cr = nv12 ? src[uRow + cx * 2 + 1]! : src[vRow + cx]!;
      const l = (luma / lumaTaps - yOffset) * yScale, b = (cb - 128) * cScale, r = (cr - 128) * cScale;
      data[i] = clamp(l + matrix.rv * r);
      data[i + 1] = clamp(l - matrix.gu * b - matrix.gv * r);
      data[i + 2] = clamp(l + matrix.bu * b);
      data[i + 3] = 255;
      i += 4;
    }
  }
}

function samplePacked(src: Uint8Array, layout: PlaneLayout[], format: VideoPixelFormat, rect: DOMRectReadOnly, out: ImageData): void {
  const [plane] = layout as [PlaneLayout];
  const bgr = format === 'BGRA' || format === 'BGRX';
  const { width, height, data } = out;
  const sx = rect.width / width, sy = rect.height / height;
  let i = 0;
  for (let row = 0; row < height; row++) {
    const line = plane.offset + Math.floor(row * sy + sy / 2) * plane.stride;
    for (let col = 0; col < width; col++) {
      const at = line + Math.floor(col * sx + sx / 2) * 4;
      data[i] = src[at + (bgr ? 2 : 0)]!;
      data[i + 1] = src[at + 1]!;
      data[i + 2] = src[at + (bgr ? 0 : 2)]!;
      data[i + 3] = 255;
      i += 4;
    }
  }
}

/** The kiosk has one camera: its live guidance and its staff-screen thumbnails share one sampler's buffers. */
export const cameraFrameSampler = new VideoFrameSampler();
