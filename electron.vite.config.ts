// Builds the three Electron bundles: main (window + device wiring), preload (the booth API bridge)
// and the React renderer (kiosk, staff screen, vision).
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { classicWorkerCheck } from './electron/booth/host/classicWorkerCheck.ts';
import { rendererAssetsPlugin, tfliteEvalQuiet } from './electron/booth/host/rendererAssetsPlugin.ts';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } } },
  },
  // The preload runs sandboxed (kioskWindow.ts: sandbox: true), where Electron loads only a CommonJS
  // script whose require() knows 'electron' and nothing else: so CommonJS (.cjs, since package.json
  // says "type": "module"), and no externalizeDepsPlugin — anything it imports is bundled in.
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts'), staff: resolve(__dirname, 'electron/preload/staff.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // the tasks-vision wasm and the models go into the build under the names tasks-vision looks for
    plugins: [react(), rendererAssetsPlugin(), tfliteEvalQuiet(), classicWorkerCheck()],
    // the live-guidance worker imports tasks-vision as a module; the live parser's, started as a
    // classic worker, is one chunk without module syntax in this format too (classicWorkerCheck)
    worker: { format: 'es', plugins: () => [tfliteEvalQuiet()] },
    build: { rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html'), staff: resolve(__dirname, 'renderer/staff.html') } } },
  },
});
