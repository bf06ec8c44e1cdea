// `npm start`: runs the booth — in Electron where its binary is installed, otherwise the web host
// on 127.0.0.1 (build the renderer, serve it and the booth API) and prints the kiosk URL.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createBoothHandlers } from '../electron/booth/api/boothHandlers.ts';
import { openWebHostBooth } from '../electron/booth/api/webHostBooth.ts';
import { buildRenderer } from '../electron/booth/host/buildRenderer.ts';
import { projectRoot } from '../electron/booth/host/projectRoot.ts';
import { startWebHost } from '../electron/booth/host/webHost.ts';

/**
 * The Electron binary's path, or null where `npm install` skipped its download. Read from the
 * package's path.txt: requiring 'electron' itself would try to download the binary.
 */
function electronBinary(): string | null {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => spawn(command, args, { cwd: projectRoot, stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)));
}

async function startElectron(binary: string): Promise<void> {
  const viteBin = path.join(projectRoot, 'node_modules', '.bin', 'electron-vite');
  if ((await run(viteBin, ['build'])) !== 0) throw new Error('electron-vite build failed: see the output above');
  process.exitCode = await run(binary, [projectRoot]);
}

async function startWeb(): Promise<void> {
  const port = Number(process.env.GRADBOOTH_PORT ?? 5730);
  const serviceUrl = process.env.GRADBOOTH_SERVICE_URL ?? 'http://127.0.0.1:5740';
  const dataDir = process.env.GRADBOOTH_DATA_DIR ?? path.join(projectRoot, '.data', 'booth');
  console.log('Electron binary not installed: starting the web host instead (building the renderer)…');
  const rendererDir = await buildRenderer();
  await mkdir(dataDir, { recursive: true });
  const booth = await openWebHostBooth({ dataDir, serviceUrl });
  console.log(`booth data: ${dataDir}`);
  console.log('NOTE: until the booth is enrolled with a review service, codes resolve against the demo roster (electron/booth/api/inMemoryResolver.ts); payment is the demo stand-in');
  const host = await startWebHost({ handlers: createBoothHandlers(booth.ports), rendererDir, port, log: (line) => console.log(line) });
  console.log(`kiosk: ${host.url}/`);
  const staff = path.join(rendererDir, 'staff.html');
  console.log(existsSync(staff) ? `staff: ${host.url}/staff.html` : 'staff: the staff screen is not part of this build yet');
  const stop = (): void => void host.close().then(async () => {
    await booth.close();
    process.exit(0);
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * `npm install` never downloads the Electron binary (so an offline install cannot fail on it);
 * fetch it now where the network allows, else carry on without it.
 */
async function fetchElectronBinary(): Promise<string | null> {
  const installer = path.join(path.dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js');
  const child = spawn(process.execPath, [installer], { cwd: projectRoot, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill(), 300_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return electronBinary();
}

const binary = electronBinary() ?? (await fetchElectronBinary());
await (binary ? startElectron(binary) : startWeb());
