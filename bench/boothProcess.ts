// The booth alone in its own Node process, as the Electron main process runs it (openBooth +
// serveBooth), for the memory benchmark: its memory is then the booth's, not the benchmark's.
// BOOTH_RENDERER_DIR: the built renderer; BOOTH_DATA_DIR: a fresh data folder; BOOTH_CAMERA: WxH.
import { openBooth } from '../electron/booth/openBooth.ts';
import { serveBooth } from '../electron/booth/host/serveBooth.ts';
import { modelsDir } from '../scripts/models.ts';

const [width, height] = (process.env.BOOTH_CAMERA ?? '3840x2160').split('x').map(Number);
const booth = await openBooth({
  appVersion: 'bench', demo: true, dataDir: process.env.BOOTH_DATA_DIR ?? '', serviceUrl: 'http://127.0.0.1:5740',
  config: { camera: { deviceId: null, width: width!, height: height! } },
});
const served = await serveBooth(booth, { rendererDir: process.env.BOOTH_RENDERER_DIR ?? '', modelsDir });
console.log(`booth listening on ${served.host.url}`);
process.once('SIGTERM', () => void served.close().then(() => booth.close()).then(() => process.exit(0)));
