// Encodes the output as the spec's file (§1: baseline JPEG, 300 dpi in the JFIF header, the highest
// quality ≥ 60 within 20–40 KB) and reads those properties back from any JPEG's bytes.
import sharp from 'sharp';
import { FILE_SIZE_MAX_BYTES, FILE_SIZE_MIN_BYTES, MIN_QUALITY, OUTPUT_DPI } from '../../../shared/photoStandard.ts';

/** IJG's standard luminance quantisation table (JPEG Annex K), in zig-zag order as DQT stores it. */
const STD_LUMA_ZIGZAG = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60,
  57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112,
  100, 120, 92, 101, 103, 99,
];

export interface JpegProperties {
  bytes: number;
  /** SOF0 (baseline DCT); progressive and other processes are not baseline */
  baseline: boolean;
  width: number;
  height: number;
  components: number;
  jfif: { units: number; xDensity: number; yDensity: number } | null;
  hasExif: boolean;
  /** IJG quality that reproduces the luminance table best, or null if it matches none */
  quality: number | null;
}

function ijgTable(quality: number): number[] {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return STD_LUMA_ZIGZAG.map((t) => Math.min(255, Math.max(1, Math.floor((t * scale + 50) / 100))));
}

function estimateQuality(table: number[]): number | null {
  let best: { q: number; err: number } | null = null;
  for (let q = 1; q <= 100; q++) {
    const ref = ijgTable(q);
    const err = ref.reduce((sum, v, i) => sum + Math.abs(v - (table[i] ?? 0)), 0);
    if (!best || err < best.err) best = { q, err };
  }
  // a table from another encoder family matches no IJG quality closely
  return best && best.err <= 64 ? best.q : null;
}

/** Walks the JPEG markers up to the start of scan. Throws on anything that is not a JPEG. */
export function inspectJpeg(buf: Buffer): JpegProperties {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  const props: JpegProperties = { bytes: buf.length, baseline: false, width: 0, height: 0, components: 0, jfif: null, hasExif: false, quality: null };
  let pos = 2;
  let sawFrame = false;
  while (pos + 4 <= buf.length) {
    if (buf[pos] !== 0xff) throw new Error(`corrupt JPEG: expected a marker at byte ${pos}`);
    const marker = buf[pos + 1]!;
    if (marker === 0xff) { pos++; continue; }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = buf.readUInt16BE(pos + 2);
    const seg = buf.subarray(pos + 4, pos + 2 + length);
    if (marker === 0xe0 && seg.subarray(0, 5).toString('latin1') === 'JFIF\0') {
      props.jfif = { units: seg[7]!, xDensity: seg.readUInt16BE(8), yDensity: seg.readUInt16BE(10) };
    } else if (marker === 0xe1 && seg.subarray(0, 6).toString('latin1') === 'Exif\0\0') {
      props.hasExif = true;
    } else if (marker === 0xdb) {
      for (let p = 0; p < seg.length; ) {
        const precision = seg[p]! >> 4;
        const id = seg[p]! & 15;
        const size = precision ? 128 : 64;
        const values = Array.from({ length: 64 }, (_, k) => (precision ? seg.readUInt16BE(p + 1 + 2 * k) : seg[p + 1 + k]!));
        if (id === 0) props.quality = estimateQuality(values);
        p += 1 + size;
      }
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      sawFrame = true;
      props.baseline = marker === 0xc0;
      props.height = seg.readUInt16BE(1);
      props.width = seg.readUInt16BE(3);
      props.components = seg[5]!;
    }
    pos += 2 + length;
  }
  if (!sawFrame) throw new Error('corrupt JPEG: no frame header');
  return props;
}

/** Puts a JFIF APP0 segment with the given dpi right after SOI, replacing any existing one. */
export function withJfifDensity(jpeg: Buffer, dpi: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x01, dpi >> 8, dpi & 0xff, dpi >> 8, dpi & 0xff, 0x00, 0x00]);
  let rest = jpeg.subarray(2);
  if (rest[0] === 0xff && rest[1] === 0xe0) rest = rest.subarray(2 + rest.readUInt16BE(2));
  return Buffer.concat([jpeg.subarray(0, 2), app0, rest]);
}

export interface EncodedJpeg {
  jpeg: Buffer;
  quality: number;
  /** encodes tried by the size search */
  trials: number;
}

/** The first quality tried: where most portraits land (75–94 measured), so the search starts close. */
const FIRST_GUESS = 86;

/**
 * The highest quality ≥ 60 whose file (JFIF header included) is at most 40 KB. File size grows with
 * quality, so the answer lies between the best quality known to fit and the lowest known not to;
 * each next guess interpolates the size between them, which lands in three or four encodes where a
 * plain bisection of 60–100 needs six. mozjpeg stays off: its progressive scans are not baseline.
 */
export async function encodeStandardJpeg(rgb: Buffer, width: number, height: number): Promise<EncodedJpeg> {
  let trials = 0;
  const encode = async (quality: number, chromaSubsampling: '4:2:0' | '4:4:4' = '4:2:0') => {
    trials++;
    const raw = await sharp(rgb, { raw: { width, height, channels: 3 } })
      .jpeg({ quality, progressive: false, mozjpeg: false, chromaSubsampling, optimiseCoding: true })
      .toBuffer();
    return withJfifDensity(raw, OUTPUT_DPI);
  };
  // fits: the highest quality known to fit; over: the lowest quality known not to
  let fits: { quality: number; jpeg: Buffer } | null = null;
  let over: { quality: number; bytes: number } | null = null;
  let guess = FIRST_GUESS;
  for (;;) {
    const jpeg = await encode(guess);
    if (jpeg.length <= FILE_SIZE_MAX_BYTES) fits = { quality: guess, jpeg };
    else over = { quality: guess, bytes: jpeg.length };
    const lo = fits?.quality ?? MIN_QUALITY - 1;
    const hi = over?.quality ?? 101;
    if (hi - lo <= 1) break;
    if (fits && over) {
      const t = (FILE_SIZE_MAX_BYTES - fits.jpeg.length) / (over.bytes - fits.jpeg.length);
      guess = Math.min(hi - 1, Math.max(lo + 1, Math.round(lo + t * (hi - lo))));
    } else if (fits) {
      guess = Math.min(100, Math.max(lo + 1, Math.round((lo + 100) / 2 + 1)));
    } else {
      guess = Math.max(MIN_QUALITY, Math.min(hi - 1, Math.round((MIN_QUALITY + hi) / 2 - 1)));
    }
    if (!fits && guess === MIN_QUALITY && over?.quality === MIN_QUALITY) break;
  }
  // even quality 60 is too large (a very noisy photo): keep it and let file.size report it
  let best = fits ?? { jpeg: await encode(MIN_QUALITY), quality: MIN_QUALITY };
  if (best.jpeg.length < FILE_SIZE_MIN_BYTES && best.quality === 100) {
    // a very flat image: full-resolution colour adds bytes without leaving the standard
    const fuller = await encode(100, '4:4:4');
    if (fuller.length <= FILE_SIZE_MAX_BYTES) best = { jpeg: fuller, quality: 100 };
  }
  return { ...best, trials };
}
