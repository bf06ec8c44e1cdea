// The face parser of the still analysis: a class map (hair, ears, earrings, glasses, cloth, hat...)
// of a face-centred square crop, run with @tensorflow/tfjs-tflite on one thread (threads would need
// cross-origin isolation and buy little on a 2-core kiosk that is busy with the matte at the time).
// Browser-only. A booth without a parser model runs on: `load` answers why there is none.
import '@tensorflow/tfjs-backend-cpu';
import { tensor4d, type Tensor } from '@tensorflow/tfjs-core';
import { loadTFLiteModel, setWasmPath, type TFLiteModel } from '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js';
import { FaceParserContractSchema, partIdsOf, type FaceParserContract } from '../../shared/vision/faceParserContract.ts';
import type { FaceParse } from '../../shared/vision/stillAnalysis.ts';

export interface FaceParserAssets {
  /** folder URL of the (CSP-safe) tfjs-tflite wasm files, ending in '/' */
  wasmPath: string;
  /** the contract (resources/models/face-parser.json); the model file is looked up beside it */
  contractUrl: string;
}

/** Why a still has no class map; the staff screen's health view shows it. */
export type FaceParserState = { state: 'ready' } | { state: 'missing' | 'failed'; reason: string };

/** Grey outside the frame: it normalises to 0, which the parser reads as nothing in particular. */
const OUTSIDE = 'rgb(128,128,128)';

export class FaceParser {
  private readonly model: TFLiteModel;
  private readonly contract: FaceParserContract;
  private readonly partIds: Uint8Array;
  private readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;

  private constructor(model: TFLiteModel, contract: FaceParserContract) {
    this.model = model;
    this.contract = contract;
    this.partIds = partIdsOf(contract);
    this.canvas = new OffscreenCanvas(contract.inputSize, contract.inputSize);
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d canvas for the face parser');
    this.context = context;
  }

  static async load(assets: FaceParserAssets): Promise<{ parser: FaceParser | null; status: FaceParserState }> {
    let contract: FaceParserContract;
    let model: ArrayBuffer;
    try {
      const contractResponse = await fetch(assets.contractUrl);
      if (!contractResponse.ok) return { parser: null, status: { state: 'missing', reason: `no parser contract (${contractResponse.status})` } };
      contract = FaceParserContractSchema.parse(await contractResponse.json());
      const modelResponse = await fetch(new URL(contract.model, new URL(assets.contractUrl, location.href)).href);
      if (!modelResponse.ok) return { parser: null, status: { state: 'missing', reason: `no parser model ${contract.model} (${modelResponse.status})` } };
      model = await modelResponse.arrayBuffer();
    } catch (err) {
      return { parser: null, status: { state: 'failed', reason: `parser files unreadable: ${(err as Error).message}` } };
    }
    try {
      setWasmPath(assets.wasmPath);
      return { parser: new FaceParser(await loadTFLiteModel(model, { numThreads: 1 }), contract), status: { state: 'ready' } };
    } catch (err) {
      return { parser: null, status: { state: 'failed', reason: `parser model did not load: ${(err as Error).message}` } };
    }
  }

  /**
   * The class map of `crop` (source pixels of a fullWidth-wide still) taken from `image`, a copy of
   * that still at any scale; ids are PART ids whatever the model's own order.
   */
  parse(image: ImageBitmap, crop: FaceParse['crop'], fullWidth: number): FaceParse {
    const side = this.contract.inputSize;
    const k = image.width / fullWidth;
    this.context.fillStyle = OUTSIDE;
    this.context.fillRect(0, 0, side, side);
    this.context.imageSmoothingQuality = 'high';
    this.context.drawImage(image, crop.x * k, crop.y * k, crop.size * k, crop.size * k, 0, 0, side, side);
    const rgba = this.context.getImageData(0, 0, side, side).data;
    const { mean, scale } = this.contract.normalisation;
    const input = new Float32Array(side * side * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
      input[j] = ((rgba[i] ?? 0) - mean) * scale;
      input[j + 1] = ((rgba[i + 1] ?? 0) - mean) * scale;
      input[j + 2] = ((rgba[i + 2] ?? 0) - mean) * scale;
    }
    const inputTensor = tensor4d(input, [1, side, side, 3]);
    let output: Tensor | null = null;
    try {
      output = this.model.predict(inputTensor) as Tensor;
      const ids = output.dataSync();
      const classes = new Uint8Array(side * side);
      for (let i = 0; i < classes.length; i++) classes[i] = this.partIds[ids[i] ?? 0] ?? 0;
      return { crop, width: side, height: side, classes };
    } finally {
      inputTensor.dispose();
      output?.dispose();
    }
  }
}
