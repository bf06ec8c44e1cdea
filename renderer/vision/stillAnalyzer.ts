// Still analysis with tasks-vision (IMAGE mode): face landmarks, blendshapes, pose matrix and the
// person mask of one photo. Browser-only (tasks-vision needs WebGL even on the CPU delegate); the
// booth renderer and the headless runner both use this one module.
import { FaceLandmarker, FilesetResolver, ImageSegmenter } from '@mediapipe/tasks-vision';
import type { FaceObservation, StillAnalysis } from '../../shared/vision/stillAnalysis.ts';

export interface VisionAssets {
  /** folder URL holding tasks-vision's vision_wasm_internal.{js,wasm} */
  wasmBase: string;
  faceLandmarkerUrl: string;
  selfieSegmenterUrl: string;
}

/** Longest side the segmenter input is scaled to: its model is 256x256, more only costs time. */
const SEGMENTER_LONG_SIDE = 512;

export class StillAnalyzer {
  private readonly landmarker: FaceLandmarker;
  private readonly segmenter: ImageSegmenter;

  private constructor(landmarker: FaceLandmarker, segmenter: ImageSegmenter) {
    this.landmarker = landmarker;
    this.segmenter = segmenter;
  }

  static async create(assets: VisionAssets): Promise<StillAnalyzer> {
    const fileset = await FilesetResolver.forVisionTasks(assets.wasmBase);
    const [landmarker, segmenter] = await Promise.all([
      FaceLandmarker.createFromOptions(fileset, {
        baseOptions: { modelAssetPath: assets.faceLandmarkerUrl, delegate: 'CPU' },
        runningMode: 'IMAGE',
        // more than one so that a second person in view is seen and refused, not ignored
        numFaces: 3,
        outputFaceBlendshapes: true,
        outputFacialTransformationMatrixes: true,
      }),
      ImageSegmenter.createFromOptions(fileset, {
        baseOptions: { modelAssetPath: assets.selfieSegmenterUrl, delegate: 'CPU' },
        runningMode: 'IMAGE',
        outputConfidenceMasks: true,
        outputCategoryMask: false,
      }),
    ]);
    return new StillAnalyzer(landmarker, segmenter);
  }

  /**
   * Analyse `image`, a (possibly downscaled) copy of a full-resolution still of
   * `fullWidth`x`fullHeight` with the same aspect ratio; results are in full-resolution pixels.
   */
  async analyze(image: ImageBitmap, fullWidth: number, fullHeight: number): Promise<StillAnalysis> {
    const t0 = performance.now();
    const faces = this.detectFaces(image, fullWidth, fullHeight);
    const t1 = performance.now();
    const mask = await this.segmentPerson(image);
    const t2 = performance.now();
    return { width: fullWidth, height: fullHeight, faces, mask, timings: { landmarker: t1 - t0, segmenter: t2 - t1 } };
  }

  close(): void {
    this.landmarker.close();
    this.segmenter.close();
  }

  private detectFaces(image: ImageBitmap, fullWidth: number, fullHeight: number): FaceObservation[] {
    const result = this.landmarker.detect(image);
    return result.faceLandmarks.map((normalized, i) => {
      const points = new Array<number>(normalized.length * 3);
      normalized.forEach((p, j) => {
        points[j * 3] = p.x * fullWidth;
        points[j * 3 + 1] = p.y * fullHeight;
        // tasks-vision's z has roughly the scale of x
        points[j * 3 + 2] = p.z * fullWidth;
      });
      const blendshapes: Record<string, number> = {};
      for (const c of result.faceBlendshapes[i]?.categories ?? []) blendshapes[c.categoryName] = c.score;
      const matrix = result.facialTransformationMatrixes[i]?.data ?? [];
      return { points, blendshapes, matrix: Array.from(matrix) };
    });
  }

  private async segmentPerson(image: ImageBitmap): Promise<StillAnalysis['mask']> {
    const scale = Math.min(1, SEGMENTER_LONG_SIDE / Math.max(image.width, image.height));
    const small =
      scale < 1
        ? await createImageBitmap(image, { resizeWidth: Math.round(image.width * scale), resizeHeight: Math.round(image.height * scale), resizeQuality: 'medium' })
        : image;
    const result = this.segmenter.segment(small);
    try {
      const confidence = result.confidenceMasks?.[0];
      if (!confidence) return null;
      const floats = confidence.getAsFloat32Array();
      // 8-bit on the wire: a quarter of the bytes and no visible loss for a mask refined later
      const data = new Uint8Array(floats.length);
      for (let i = 0; i < floats.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, floats[i] ?? 0)) * 255);
      return { width: confidence.width, height: confidence.height, data };
    } finally {
      result.close();
      if (small !== image) small.close();
    }
  }
}
