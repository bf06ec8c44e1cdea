// A Vite plugin that puts the tasks-vision wasm, the MediaPipe models and the voice pack's audio into
// the built renderer under fixed names (vision-wasm/, models/, voice/): tasks-vision looks its wasm
// up by file name, so Vite's hashed asset names would not do, and the pack's files are found by its
// manifest. Used by the web host's build and electron.vite.config.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { modelPath } from '../../../scripts/models.ts';
import { VOICE_PACK_DIR } from '../../../scripts/voicePack.ts';
import { VOICE_PACK_URL_DIR, type VoicePackManifest } from '../../../shared/voice/voicePackManifest.ts';
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
      const pack = JSON.parse(readFileSync(path.join(VOICE_PACK_DIR, 'manifest.json'), 'utf8')) as VoicePackManifest;
      for (const { file } of pack.entries) {
        let source: Buffer;
        try {
          source = readFileSync(path.join(VOICE_PACK_DIR, file));
        } catch {
          throw new Error(`voice pack file ${file} is missing from resources/voice: run \`npm run voice:pack\``);
        }
        this.emitFile({ type: 'asset', fileName: `${VOICE_PACK_URL_DIR}/${file}`, source });
      }
    },
  };
}
