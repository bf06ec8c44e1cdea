// A Vite plugin that puts the tasks-vision and tfjs-tflite wasm, the models, the face parser's
// contract and the voice pack's audio into the built renderer under fixed names (vision-wasm/,
// tflite-wasm/, models/, voice/): both runtimes look their wasm up by file name, so Vite's hashed
// asset names would not do, and the pack's files are found by its manifest. Used by the web host's
// build and electron.vite.config.ts. A booth built without the parser model runs without the parser.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { FACE_PARSER_CONTRACT, modelPath, modelsDir, readFaceParserContract } from '../../../scripts/models.ts';
import { TFLITE_WASM_FILES, tfliteWasmFile } from './tfliteWasmGlue.ts';
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
      for (const file of TFLITE_WASM_FILES) this.emitFile({ type: 'asset', fileName: `tflite-wasm/${file}`, source: tfliteWasmFile(file) });
      const contract = readFaceParserContract();
      const parserModel = path.join(modelsDir, contract.model);
      if (existsSync(parserModel)) {
        this.emitFile({ type: 'asset', fileName: 'models/face-parser.json', source: readFileSync(FACE_PARSER_CONTRACT) });
        this.emitFile({ type: 'asset', fileName: `models/${contract.model}`, source: readFileSync(parserModel) });
      } else {
        this.warn(`face parser model ${contract.model} is not in resources/models: the booth runs without the parser (its rules warn)`);
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

/**
 * tfjs-tflite's Closure bundle carries a debug module loader with a direct eval that never runs (the
 * glue's dynamic code is rewritten in tfliteWasmGlue.ts): its build warning is noise, in the page
 * build and in the live parser's worker build.
 */
export function tfliteEvalQuiet(): Plugin {
  return {
    name: 'gradbooth-tflite-eval-quiet',
    onLog(_level, log) {
      if (log.code === 'EVAL' && log.id?.includes('@tensorflow/tfjs-tflite')) return false;
    },
  };
}
