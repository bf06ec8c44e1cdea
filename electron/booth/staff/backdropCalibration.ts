// Backdrop calibration: the empty backdrop (clean plate) measured on a grid of blocks in CIELAB —
// its mean colour, how evenly it is lit, whether something is in view — stored in the booth store,
// and later frames compared with it at the top corners (backdrop even with a student seated) to
// tell the operator when the lighting has drifted enough to calibrate again.
import sharp from 'sharp';
import type { Backdrop } from '../../../shared/api/staffApi.ts';
import type { BoothStore } from '../store/boothStore.ts';
import type { BackdropPlate, PlateImage } from '../photo/backdropPlate.ts';
import { deltaE76, rgbToLab, type Lab } from '../../../shared/photo/colour.ts';

const BACKDROP_KEY = 'staff.backdrop';
const GRID = { cols: 32, rows: 24 } as const;
/** ΔE76 limits, measured on the test backdrops: a flat sheet under booth lights stays under 6 */
export const BACKDROP_LIMITS = { uneven: 8, notEmpty: 25, drift: 6 } as const;

interface StoredBackdrop {
  backdrop: Backdrop;
  /** block means, row-major, for the drift comparison */
  grid: Lab[];
  /** the same blocks in sRGB with the frame's size, for the photo engine (absent in plates stored before it used them) */
  plate?: BackdropPlate;
}

/** Block means of a frame: the image area-averaged down to the grid, each cell in Lab. */
async function blockGrid(jpeg: Buffer): Promise<{ grid: Lab[]; meanRgb: [number, number, number]; cells: [number, number, number][] }> {
  const { data } = await sharp(jpeg).rotate().removeAlpha().resize(GRID.cols, GRID.rows, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer({ resolveWithObject: true });
  const grid: Lab[] = [];
  const cells: [number, number, number][] = [];
  const sum = [0, 0, 0];
  for (let i = 0; i < GRID.cols * GRID.rows; i++) {
    const r = data[i * 3] ?? 0, g = data[i * 3 + 1] ?? 0, b = data[i * 3 + 2] ?? 0;
    sum[0]! += r;
    sum[1]! += g;
    sum[2]! += b;
    grid.push(rgbToLab(r, g, b));
    cells.push([r, g, b]);
  }
  const n = GRID.cols * GRID.rows;
  return { grid, cells, meanRgb: [Math.round(sum[0]! / n), Math.round(sum[1]! / n), Math.round(sum[2]! / n)] };
}

/** Long side of the plate's picture: about one plate pixel per output pixel for a 12 MP frame's crop. */
const PLATE_IMAGE_LONG_SIDE = 1024;

/** The empty frame itself, small, for the engine's pixel-by-pixel match (a JPEG: it lives in the config store). */
async function plateImage(jpeg: Buffer): Promise<PlateImage> {
  const { data, info } = await sharp(jpeg).rotate().removeAlpha()
    .resize(PLATE_IMAGE_LONG_SIDE, PLATE_IMAGE_LONG_SIDE, { fit: 'inside', kernel: 'lanczos3' })
    .jpeg({ quality: 92 }).toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, jpegBase64: data.toString('base64') };
}

/** The frame's size as the camera's orientation tag shows it (EXIF 5–8 are quarter turns). */
async function orientedSize(jpeg: Buffer): Promise<{ width: number; height: number }> {
  const { width = 0, height = 0, orientation = 1 } = await sharp(jpeg).metadata();
  return orientation >= 5 ? { width: height, height: width } : { width, height };
}

export async function measureBackdrop(jpeg: Buffer, at: number): Promise<{ backdrop: Backdrop; grid: Lab[]; plate: BackdropPlate }> {
  const { grid, meanRgb, cells } = await blockGrid(jpeg);
  const plate: BackdropPlate = { frame: await orientedSize(jpeg), cols: GRID.cols, rows: GRID.rows, cells, image: await plateImage(jpeg) };
  const mean = rgbToLab(...meanRgb);
  const distances = grid.map((cell) => deltaE76(cell, mean)).sort((a, b) => a - b);
  const p95 = distances[Math.floor(0.95 * (distances.length - 1))] ?? 0;
  const worst = distances.at(-1) ?? 0;
  const verdict = worst > BACKDROP_LIMITS.notEmpty ? 'not_empty' : p95 > BACKDROP_LIMITS.uneven ? 'uneven' : 'good';
  const thumbnail = await sharp(jpeg).rotate().resize({ width: 320 }).jpeg({ quality: 70 }).toBuffer();
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    backdrop: { capturedAt: at, mean: meanRgb, unevenness: round(p95), worstBlock: round(worst), verdict, thumbnailJpegBase64: thumbnail.toString('base64') },
    grid,
    plate,
  };
}

/** Top-corner blocks: a seated student leaves them showing the backdrop. */
function cornerCells(): number[] {
  const cells: number[] = [];
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 5; col++) cells.push(row * GRID.cols + col, row * GRID.cols + (GRID.cols - 1 - col));
  }
  return cells;
}

export class BackdropCalibration {
  private readonly store: BoothStore;

  constructor(store: BoothStore) {
    this.store = store;
  }

  current(): Backdrop | null {
    return this.store.config.get<StoredBackdrop | null>(BACKDROP_KEY, null)?.backdrop ?? null;
  }

  /**
   * The plate for the photo engine: its block colours on the camera's frame (an uneven backdrop too:
   * there its shading helps most). Null without one; the engine checks it fits each capture.
   */
  plate(): BackdropPlate | null {
    return this.store.config.get<StoredBackdrop | null>(BACKDROP_KEY, null)?.plate ?? null;
  }

  /** Measures and stores a clean plate; one with a person or object in view is refused, not stored. */
  async calibrate(jpeg: Buffer): Promise<Backdrop> {
    const measured = await measureBackdrop(jpeg, this.store.now());
    if (measured.backdrop.verdict !== 'not_empty') {
      this.store.config.set(BACKDROP_KEY, measured satisfies StoredBackdrop);
      const { mean, unevenness, worstBlock, verdict } = measured.backdrop;
      this.store.audit.append({ at: this.store.now(), actor: 'operator', action: 'backdrop.calibrated', detail: { mean, unevenness, worstBlock, verdict } });
    }
    return measured.backdrop;
  }

  /** Mean ΔE of a live frame's top corners from the clean plate's; null without a plate. */
  async drift(frameJpeg: Buffer): Promise<number | null> {
    const stored = this.store.config.get<StoredBackdrop | null>(BACKDROP_KEY, null);
    if (!stored) return null;
    const { grid } = await blockGrid(frameJpeg);
    const cells = cornerCells();
    const total = cells.reduce((acc, i) => acc + deltaE76(grid[i] ?? [0, 0, 0], stored.grid[i] ?? [0, 0, 0]), 0);
    return Math.round((total / cells.length) * 10) / 10;
  }
}
