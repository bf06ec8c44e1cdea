// Builds the three Electron bundles: main (window + device wiring), preload (the booth API bridge)
// and the React renderer (kiosk, staff screen, vision).
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { rendererAssetsPlugin } from './electron/booth/host/rendererAssetsPlugin.ts';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } } },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // the tasks-vision wasm and the models go into the build under the names tasks-vision looks for
    plugins: [react(), rendererAssetsPlugin()],
    // the live-guidance worker imports tasks-vision as a module
    worker: { format: 'es' },
    build: { rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } } },
  },
});
