// Still analysis with tasks-vision (IMAGE mode): face landmarks, blendshapes, pose matrix and the
// person mask of one photo. Browser-only (tasks-vision needs WebGL even on the CPU delegate); the
// booth renderer and the headless runner both use this one module.
import { FaceLandmarker, FilesetResolver, ImageSegmenter } from '@mediapipe/tasks-vision';
import type { FaceObservation, StillAnalysis } from '../../shared/vision/stillAnalysis.ts';
import { segmentPerson } from './personMask.ts';

export interface VisionAssets {
  /** folder URL holding tasks-vision's vision_wasm_internal.{js,wasm} */
  wasmBase: string;
  faceLandmarkerUrl: string;
  selfieSegmenterUrl: string;
}

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
    const mask = await segmentPerson(this.segmenter, image);
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
}
