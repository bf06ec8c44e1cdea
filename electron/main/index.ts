// The Electron main process: one kiosk window and the booth API over IPC. All booth logic lives in
// electron/booth (the same the web host serves); every kiosk-lockdown decision lives in
// kioskWindow.ts / kioskGuards.ts / kioskProtocol.ts as plain functions: this file only wires them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, net, protocol, safeStorage, session } from 'electron';
import { createBoothHandlers } from '../booth/api/boothHandlers.ts';
import { DEFAULT_BOOTH_CONFIG } from '../booth/api/defaultBoothConfig.ts';
import { reviewServiceResolver } from '../booth/api/reviewServiceResolver.ts';
import { createStoreBoothPorts } from '../booth/api/storeBoothPorts.ts';
import { GENERIC_CODE_BOUNDS } from '../booth/codes/codeParser.ts';
import { createBoothLog } from '../booth/log/boothLog.ts';
import { SessionService } from '../booth/session/sessionService.ts';
import { openBoothStore } from '../booth/store/boothStore.ts';
import { loadCredentials, type BoothCredentials } from '../booth/sync/boothCredentials.ts';
import { SignedClient } from '../booth/sync/signedClient.ts';
import { startBoothRuntime } from '../booth/boothRuntime.ts';
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
  const keyProvider = boothKeyProvider(safeStorage, { dir: dataDir, log });
  const store = await openBoothStore({ dir: dataDir, keyProvider, log });
  const dataKey = await keyProvider.loadKey();
  const runtime = startBoothRuntime({ store, dataKey, log, appVersion: app.getVersion() });
  const config = DEFAULT_BOOTH_CONFIG;
  // the booth's signed client once it is enrolled (enrolment happens on the staff screen)
  let credentials: BoothCredentials | null = null;
  let client: SignedClient | null = null;
  const enrolledCredentials = (): BoothCredentials | null => (credentials ??= loadCredentials(store, dataKey));
  const enrolledClient = (): SignedClient | null => {
    const c = enrolledCredentials();
    if (c && !client) client = new SignedClient({ baseUrl: c.serviceUrl, boothId: c.boothId, privateKey: c.privateKey });
    return client;
  };
  const ports = createStoreBoothPorts({
    store,
    sessions: new SessionService({ store, log }),
    config,
    // the shape the review service's resolver declared at enrollment; before it, any printable code
    codeShape: () => enrolledCredentials()?.codeShape ?? { id: 'generic', pattern: '[\\x21-\\x7e]+', ...GENERIC_CODE_BOUNDS },
    resolver: reviewServiceResolver(enrolledClient, () => config.categories),
    pay: async () => ({ ok: false, error: { code: 'not_connected', message_zh: '本机暂不支持支付，请联系工作人员。', message_en: 'Payment is not wired into the Electron booth yet.' } }),
    serviceUrl: () => enrolledClient()?.baseUrl ?? process.env.GRADBOOTH_SERVICE_URL ?? 'http://127.0.0.1:5740',
    operatorPin: process.env.GRADBOOTH_OPERATOR_PIN ?? '',
  });
  session.defaultSession.setPermissionRequestHandler(kioskPermissionRequestHandler(guardLog));
  session.defaultSession.setPermissionCheckHandler(kioskPermissionCheckHandler());
  registerBoothIpc(ipcMain, createBoothHandlers(ports), (line) => log.warn(line));
  app.on('will-quit', (event) => {
    // let running uploads finish before the store closes
    event.preventDefault();
    void runtime.stop().finally(() => {
      store.close();
      app.exit(0);
    });
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
