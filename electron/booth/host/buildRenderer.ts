// Builds the React renderer with Vite for the web host (the Electron build goes through
// electron-vite with the same root and entry); once per test run or `npm start`.
import path from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { projectRoot } from './projectRoot.ts';
import { classicWorkerCheck } from './classicWorkerCheck.ts';
import { rendererAssetsPlugin, tfliteEvalQuiet } from './rendererAssetsPlugin.ts';

export const webRendererDir = path.join(projectRoot, 'out', 'renderer-web');

export async function buildRenderer(outDir: string = webRendererDir): Promise<string> {
  await build({
    root: path.join(projectRoot, 'renderer'),
    // relative asset URLs so the same bundle loads from file:// (Electron) and http:// (web host)
    base: './',
    plugins: [react(), rendererAssetsPlugin(), tfliteEvalQuiet(), classicWorkerCheck()],
    logLevel: 'warn',
    configFile: false,
    // as electron.vite.config.ts: the live parser's classic worker is checked by classicWorkerCheck
    worker: { format: 'es', plugins: () => [tfliteEvalQuiet()] },
    build: {
      outDir, emptyOutDir: true, target: 'chrome120', chunkSizeWarningLimit: 4096,
      // two pages: the kiosk and the operator's staff screen
      rolldownOptions: {
        input: { index: path.join(projectRoot, 'renderer', 'index.html'), staff: path.join(projectRoot, 'renderer', 'staff.html') },
        // the slow-plugin report is noise in test and start-up logs (tasks-vision is big, not slow to bundle)
        checks: { bundlerTimings: false },
      },
    },
  });
  return outDir;
}
