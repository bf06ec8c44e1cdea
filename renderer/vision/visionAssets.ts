// Where the renderer finds the tasks-vision and tfjs-tflite wasm and the models: files of the built
// renderer under fixed names (electron/booth/host/rendererAssetsPlugin.ts puts them there), so both
// hosts serve them locally — file:// in Electron, http://127.0.0.1 on the web host.
import type { VisionAssets } from './stillAnalyzer.ts';
import type { LiveGuidanceAssets } from './liveGuidanceProtocol.ts';

const absolute = (url: string): string => new URL(url, document.baseURI).href;

/** For the live-guidance module worker, which loads the ES-module build of the wasm loader. */
export function liveGuidanceAssets(): LiveGuidanceAssets {
  return {
    wasmLoaderUrl: absolute('./vision-wasm/vision_wasm_module_internal.js'),
    wasmBinaryUrl: absolute('./vision-wasm/vision_wasm_module_internal.wasm'),
    faceLandmarkerUrl: absolute('./models/face_landmarker.task'),
    selfieSegmenterUrl: absolute('./models/selfie_segmenter.tflite'),
  };
}

/** For the StillAnalyzer on the main thread (tasks-vision's FilesetResolver picks the files in wasmBase). */
export function stillAnalyzerAssets(): VisionAssets {
  return {
    wasmBase: absolute('./vision-wasm'),
    faceLandmarkerUrl: absolute('./models/face_landmarker.task'),
    selfieSegmenterUrl: absolute('./models/selfie_segmenter.tflite'),
    faceParser: { wasmPath: absolute('./tflite-wasm/'), contractUrl: absolute('./models/face-parser.json') },
  };
}
