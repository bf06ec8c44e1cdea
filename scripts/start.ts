// `npm start`: runs the booth — in Electron where its binary is installed, otherwise the web host
// on 127.0.0.1 (build the renderer, serve it, the booth API and the staff API) and prints the
// kiosk and staff URLs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { openBooth } from '../electron/booth/openBooth.ts';
import { buildRenderer } from '../electron/booth/host/buildRenderer.ts';
import { projectRoot } from '../electron/booth/host/projectRoot.ts';
import { lanAddress } from '../electron/booth/host/lanStaffHost.ts';
import { serveBooth, type ServeBoothOptions } from '../electron/booth/host/serveBooth.ts';
import { INITIAL_PIN } from '../electron/booth/staff/staffPin.ts';
import { modelsDir } from './models.ts';

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
  const initialStaffPin = process.env.GRADBOOTH_STAFF_PIN;
  const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const booth = await openBooth({ dataDir, serviceUrl, appVersion: version, demo: true, ...(initialStaffPin ? { initialStaffPin } : {}) });
  console.log(`booth data: ${dataDir}`);
  console.log('NOTE: until the booth is enrolled with a review service, codes resolve against the demo roster (electron/booth/api/inMemoryResolver.ts) and the demo voucher is accepted; online payment needs the service');
  // the operator's tablet on the booth's LAN: HTTPS with the booth's own certificate, staff page only
  let lan: ServeBoothOptions['lan'];
  if (process.env.GRADBOOTH_LAN === '1') {
    const address = process.env.GRADBOOTH_LAN_ADDRESS ?? lanAddress();
    if (!address) throw new Error('GRADBOOTH_LAN=1 but the booth has no LAN address: connect it, or set GRADBOOTH_LAN_ADDRESS');
    lan = { address, port: Number(process.env.GRADBOOTH_LAN_PORT ?? 5731), certDir: path.join(dataDir, 'lan-tls') };
  }
  const served = await serveBooth(booth, { rendererDir, modelsDir, port, log: (line) => console.log(line), ...(lan ? { lan } : {}) });
  console.log(`kiosk: ${served.host.url}/`);
  console.log(`staff: ${served.host.url}/staff.html`);
  if (served.lan) console.log(`staff on the LAN: ${served.lan.pairing.lanUrl} (certificate SHA-256 ${served.lan.pairing.fingerprint})`);
  if (booth.staff.pin.mustChange) console.log(`staff PIN: the initial PIN ${INITIAL_PIN} must be changed at the first login (or set GRADBOOTH_STAFF_PIN before the first start)`);
  const stop = (): void => void served.close().then(async () => {
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
