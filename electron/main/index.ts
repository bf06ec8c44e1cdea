// The Electron main process: the kiosk window, the staff window on a second monitor, and the booth
// and staff APIs over IPC. All booth logic lives in
// electron/booth (the same the web host serves); every kiosk-lockdown decision lives in
// kioskWindow.ts / kioskGuards.ts / kioskProtocol.ts as plain functions: this file only wires them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, net, protocol, safeStorage, screen, session } from 'electron';
import { createBoothLog } from '../booth/log/boothLog.ts';
import { boothApiHandlers, openBooth } from '../booth/openBooth.ts';
import { lanAddress, startLanStaffHost, type LanStaffHost } from '../booth/host/lanStaffHost.ts';
import { modelsDir } from '../../scripts/models.ts';
import type { BoothEventName, BoothEventPayload } from '../../shared/api/boothApi.ts';
import { registerStaffIpc } from './staffIpc.ts';
import { isStaffSender, STAFF_START_URL, staffDisplay, staffWindowOptions } from './staffWindow.ts';
import { emitBoothEvent, registerBoothIpc } from './boothIpc.ts';
import { openSerialScanner } from '../booth/scanner/serialScanner.ts';
import { ScanEvents } from '../booth/scanner/scanEvents.ts';
import { boothKeyProvider } from './keyProvider.ts';
import { focusKioskWindow, guardContents, guardKioskWindow, kioskPermissionCheckHandler, kioskPermissionRequestHandler } from './kioskGuards.ts';
import { KIOSK_START_URL, registerKioskScheme, serveKiosk } from './kioskProtocol.ts';
import { kioskMode, kioskWindowOptions } from './kioskWindow.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const mode = kioskMode(app.isPackaged, process.env);
let kioskWindow: BrowserWindow | null = null;
let quitting = false;

async function start(): Promise<void> {
  registerKioskScheme(protocol);
  // no application menu: no menu bar, and none of the default menu's reload/devtools/zoom accelerators
  Menu.setApplicationMenu(null);
  const log = createBoothLog({ level: 'info' });
  const guardLog = (line: string): void => log.warn(line);
  // every web contents, the kiosk's and any later one: no navigation away, no new windows, no <webview>
  app.on('web-contents-created', (_event, contents) => guardContents(contents, guardLog));
  await app.whenReady();
  serveKiosk(protocol, net, path.join(here, '../renderer'));
  const dataDir = path.join(app.getPath('userData'), 'booth');
  // the same booth the web host composes, without its demo stand-ins: codes and payment need the
  // review service the booth is enrolled with (enrollment happens on the staff screen)
  const booth = await openBooth({
    dataDir, appVersion: app.getVersion(), keyProvider: boothKeyProvider(safeStorage, { dir: dataDir, log }), log, demo: false,
    serviceUrl: process.env.GRADBOOTH_SERVICE_URL ?? 'http://127.0.0.1:5740',
    ...(process.env.GRADBOOTH_STAFF_PIN ? { initialStaffPin: process.env.GRADBOOTH_STAFF_PIN } : {}),
  });
  session.defaultSession.setPermissionRequestHandler(kioskPermissionRequestHandler(guardLog));
  session.defaultSession.setPermissionCheckHandler(kioskPermissionCheckHandler());
  const emit = <E extends BoothEventName>(event: E, payload: BoothEventPayload<E>): void => {
    if (kioskWindow) emitBoothEvent(kioskWindow.webContents, event, payload);
  };
  let lan: LanStaffHost | null = null;
  const handlers = boothApiHandlers(booth, {
    emit,
    modelsDir: app.isPackaged ? path.join(process.resourcesPath, 'models') : modelsDir,
    pairing: () => lan?.pairing,
  });
  registerBoothIpc(ipcMain, handlers.handlers, (line) => log.warn(line));
  let staffWindow: BrowserWindow | null = null;
  registerStaffIpc(ipcMain, handlers.staffHandlers, (senderId, url) => isStaffSender(senderId, staffWindow?.webContents.id ?? null, url), (line) => log.warn(line));
  // the operator's tablet on the booth's LAN (docs/staff-screen.md): HTTPS, staff page only
  const address = process.env.GRADBOOTH_LAN === '1' ? (process.env.GRADBOOTH_LAN_ADDRESS ?? lanAddress()) : null;
  if (address) {
    lan = await startLanStaffHost({
      handlers, rendererDir: path.join(here, '../renderer'), certDir: path.join(dataDir, 'lan-tls'),
      address, port: Number(process.env.GRADBOOTH_LAN_PORT ?? 5731), log: (line) => log.warn(line),
    });
    app.on('will-quit', () => void lan?.close());
  }
  app.on('will-quit', (event) => {
    // let running uploads finish before the store closes
    event.preventDefault();
    void booth.close().finally(() => app.exit(0));
  });
  const window = new BrowserWindow(kioskWindowOptions(path.join(here, '../preload/index.cjs'), mode));
  kioskWindow = window;
  guardKioskWindow(window, { mode, log: guardLog, isQuitting: () => quitting });
  // Windows logoff / shutdown: let the window close so the session can end
  window.on('session-end', () => {
    quitting = true;
  });
  window.once('ready-to-show', () => window.show());
  // a serial-port scanner, where the booth has one: its scans reach the kiosk as the same scan
  const scans = new ScanEvents();
  scans.on(({ code }) => emitBoothEvent(window.webContents, 'code.scanned', { code }));
  const scannerPort = process.env.GRADBOOTH_SCANNER_PORT;
  if (scannerPort) {
    openSerialScanner({ path: scannerPort, events: scans, log }).then(
      (scanner) => app.on('will-quit', () => void scanner.close()),
      (error: Error) => log.error({ err: error.message }, 'serial code scanner unavailable; the keyboard-wedge and camera scans still work'),
    );
  }
  // the staff screen on a second monitor, where the booth has one
  const display = staffDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  if (display) {
    const opened = new BrowserWindow(staffWindowOptions(path.join(here, '../preload/staff.cjs'), display, mode));
    staffWindow = opened;
    opened.once('ready-to-show', () => opened.show());
    opened.on('closed', () => {
      staffWindow = null;
    });
    void opened.loadURL(STAFF_START_URL);
  } else {
    log.info('one monitor: no staff window (use the staff page on a tablet, GRADBOOTH_LAN=1)');
  }
  await window.loadURL(KIOSK_START_URL);
}

// one kiosk per booth: a second launch only brings the running one forward
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusKioskWindow(kioskWindow));
  // the kiosk window refuses to close (kioskGuards.ts) until the app itself is quitting
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => app.quit());
  start().catch((error: unknown) => {
    console.error('[gradbooth] the booth could not start:', error);
    app.exit(1);
  });
}
