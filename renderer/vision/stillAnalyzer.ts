// Still analysis with tasks-vision (IMAGE mode): face landmarks, blendshapes, pose matrix and the
// person mask of one photo, and the face parser's class map of the face. Browser-only (tasks-vision
// needs WebGL even on the CPU delegate); the booth renderer and the headless runner both use this
// one module.
import { FaceLandmarker, FilesetResolver, ImageSegmenter } from '@mediapipe/tasks-vision';
import type { FaceObservation, FaceParse, StillAnalysis } from '../../shared/vision/stillAnalysis.ts';
import { faceParseCrop } from '../../shared/vision/faceParserContract.ts';
import { segmentPerson } from './personMask.ts';
import { FaceParser, type FaceParserAssets, type FaceParserState } from './faceParser.ts';

export interface VisionAssets {
  /** folder URL holding tasks-vision's vision_wasm_internal.{js,wasm} */
  wasmBase: string;
  faceLandmarkerUrl: string;
  selfieSegmenterUrl: string;
  /** null: no parser wanted (the parser rules then warn) */
  faceParser: FaceParserAssets | null;
}

export class StillAnalyzer {
  private readonly landmarker: FaceLandmarker;
  private readonly segmenter: ImageSegmenter;
  private readonly parser: FaceParser | null;
  /** whether stills get a class map, and why not */
  readonly parserStatus: FaceParserState;

  private constructor(landmarker: FaceLandmarker, segmenter: ImageSegmenter, parser: FaceParser | null, parserStatus: FaceParserState) {
    this.landmarker = landmarker;
    this.segmenter = segmenter;
    this.parser = parser;
    this.parserStatus = parserStatus;
  }

  static async create(assets: VisionAssets): Promise<StillAnalyzer> {
    const fileset = await FilesetResolver.forVisionTasks(assets.wasmBase);
    const [landmarker, segmenter, parsing] = await Promise.all([
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
      assets.faceParser ? FaceParser.load(assets.faceParser) : Promise.resolve({ parser: null, status: { state: 'missing', reason: 'no parser configured' } as const }),
    ]);
    return new StillAnalyzer(landmarker, segmenter, parsing.parser, parsing.status);
  }

  /**
   * Analyse `image`, a (possibly downscaled) copy of a full-resolution still of
   * `fullWidth`x`fullHeight` with the same aspect ratio; results are in full-resolution pixels.
   */
  async analyze(image: ImageBitmap, fullWidth: number, fullHeight: number): Promise<StillAnalysis> {
    const observed = await this.observe(image, fullWidth, fullHeight);
    const { parse, ms } = this.parseStill(image, observed);
    return { ...observed, parse, timings: { ...observed.timings, ...(parse ? { face_parse: ms } : {}) } };
  }

  /** Landmarks and person mask, no class map: what the photo engine needs to start on the crop and the matte. */
  async observe(image: ImageBitmap, fullWidth: number, fullHeight: number): Promise<StillAnalysis> {
    const t0 = performance.now();
    const faces = this.detectFaces(image, fullWidth, fullHeight);
    const t1 = performance.now();
    const mask = await segmentPerson(this.segmenter, image);
    const t2 = performance.now();
    return { width: fullWidth, height: fullHeight, faces, mask, parse: null, timings: { landmarker: t1 - t0, segmenter: t2 - t1 } };
  }

  /**
   * The class map of an observed still's face, which the engine waits for only before its checks:
   * the booth runs it while the matte is made. One face only: with two the photo is refused anyway.
   * A parser error costs the class map, never the analysis (its rules then warn).
   */
  parseStill(image: ImageBitmap, observed: StillAnalysis): { parse: FaceParse | null; ms: number } {
    const face = observed.faces.length === 1 ? observed.faces[0] : undefined;
    if (!this.parser || !face) return { parse: null, ms: 0 };
    const t0 = performance.now();
    try {
      return { parse: this.parser.parse(image, faceParseCrop(face), observed.width), ms: performance.now() - t0 };
    } catch (err) {
      console.error('face parser failed', err);
      return { parse: null, ms: performance.now() - t0 };
    }
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
