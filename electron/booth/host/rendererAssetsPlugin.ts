// A Vite plugin that puts the tasks-vision wasm and the MediaPipe models into the built renderer
// under fixed names (vision-wasm/, models/): tasks-vision looks its wasm up by file name, so
// Vite's hashed asset names would not do. Used by the web host's build and electron.vite.config.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { modelPath } from '../../../scripts/models.ts';
import { projectRoot } from './projectRoot.ts';

const WASM_FILES = ['vision_wasm_internal.js', 'vision_wasm_internal.wasm', 'vision_wasm_module_internal.js', 'vision_wasm_module_internal.wasm', 'vision_wasm_nosimd_internal.js', 'vision_wasm_nosimd_internal.wasm'];
const MODEL_FILES = ['face_landmarker.task', 'selfie_segmenter.tflite'];

export function rendererAssetsPlugin(): Plugin {
  const wasmDir = path.join(projectRoot, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm');
  return {
    name: 'gradbooth-renderer-assets',
    apply: 'build',
    generateBundle() {
      for (const file of WASM_FILES) this.emitFile({ type: 'asset', fileName: `vision-wasm/${file}`, source: readFileSync(path.join(wasmDir, file)) });
      for (const file of MODEL_FILES) {
        let source: Buffer;
        try {
          source = readFileSync(modelPath(file));
        } catch {
          throw new Error(`model ${file} is missing from resources/models: run \`npm run models\` first`);
        }
        this.emitFile({ type: 'asset', fileName: `models/${file}`, source });
      }
    },
  };
}
