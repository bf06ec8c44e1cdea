// The numbers of the graduate photo standard (../shared/spec/photo-standard.md §1–3, §7).
// Every check, test and benchmark reads them from here; nothing else restates them.

export const OUTPUT_WIDTH = 480;
export const OUTPUT_HEIGHT = 640;
export const OUTPUT_DPI = 300;
export const MIN_QUALITY = 60;
/** 1 KB = 1024 bytes, as the spec means it. */
export const FILE_SIZE_MIN_BYTES = 20 * 1024;
export const FILE_SIZE_MAX_BYTES = 40 * 1024;

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** §2, in output pixels, y from the top edge. */
export const GEOMETRY = {
  headTop: { min: 50, max: 110 },
  eyeLine: { min: 200, max: 300 },
  faceWidth: { min: 180, max: 300 },
  /** face mid-line within ±12 px of x = 240 */
  centreX: { min: 240 - 12, max: 240 + 12 },
  /** head roll in degrees; achieved by posing, never by rotating the photo */
  roll: { min: -3, max: 3 },
} as const satisfies Record<string, Range>;

/** §4 limits on head pose, degrees. */
export const POSE_LIMITS = { yaw: 8, pitch: 10 } as const;

export type Rgb = readonly [number, number, number];
/** §3 reference light blue; the colour is booth configuration. */
export const DEFAULT_BACKGROUND: Rgb = [100, 197, 255];
/** every background pixel within ΔE 2 of the configured colour */
export const BACKGROUND_MAX_DELTA_E = 2;
