// The Electron staff window's pure parts: which monitor it opens on, its isolation, who may call
// the staff API over IPC, and its preload — built with the project's electron.vite.config.ts next
// to the kiosk's and run the way Electron runs a sandboxed preload (a function body whose require()
// knows only 'electron'). The Electron binary cannot run here; the 'electron' module handed to the
// preload is the only stand-in.
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PRELOAD_STAFF_GLOBAL } from '../../shared/api/staffApi.ts';
import { IPC_STAFF_CALL_CHANNEL, STAFF_BRIDGE_GLOBAL } from '../../electron/preload/staffBridgeNames.ts';
import { isStaffSender, STAFF_START_URL, staffDisplay, staffWindowOptions } from '../../electron/main/staffWindow.ts';
import { isNavigationAllowed } from '../../electron/main/kioskGuards.ts';

const root = path.resolve(import.meta.dirname, '../..');
let outDir = '';

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-staff-preload-'));
  await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build', '--outDir', outDir], { cwd: root });
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const kioskDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
const operatorDisplay = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } };

describe('the staff window', () => {
  test('opens on the monitor that is not the kiosk, and not at all on a one-monitor booth', () => {
    expect(staffDisplay([kioskDisplay, operatorDisplay], 1)).toBe(operatorDisplay);
    expect(staffDisplay([operatorDisplay, kioskDisplay], 1)).toBe(operatorDisplay);
    expect(staffDisplay([kioskDisplay], 1)).toBeNull();
  });

  test('fills its monitor, isolated and sandboxed with the staff preload, devtools only for developers', () => {
    const locked = staffWindowOptions('/app/preload/staff.cjs', operatorDisplay, { kiosk: true, devTools: false });
    expect(locked).toMatchObject({ x: 1920, y: 0, width: 1280, height: 800, fullscreen: true });
    expect(locked.webPreferences).toMatchObject({ preload: '/app/preload/staff.cjs', contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false, devTools: false });
    expect(staffWindowOptions('/p.cjs', operatorDisplay, { kiosk: false, devTools: true })).toMatchObject({ fullscreen: false, webPreferences: { devTools: true } });
    // the staff page is one of the kiosk scheme's pages: navigation guards let it load, and only it
    expect(isNavigationAllowed(STAFF_START_URL)).toBe(true);
  });

  test('only the staff window, showing the staff page, may call the staff API', () => {
    expect(isStaffSender(7, 7, `${STAFF_START_URL}`)).toBe(true);
    // the kiosk window (another web contents) asking
    expect(isStaffSender(3, 7, 'booth://kiosk/index.html')).toBe(false);
    // the staff window navigated elsewhere, or no staff window at all
    expect(isStaffSender(7, 7, 'booth://kiosk/index.html')).toBe(false);
    expect(isStaffSender(7, null, STAFF_START_URL)).toBe(false);
  });

  test('its sandboxed preload, as the build emits it, requires only electron and exposes just the staff call on the channel main listens on', async () => {
    // the path electron/main/index.ts loads it from (main/index.js → ../preload/staff.cjs)
    const source = await readFile(path.join(outDir, 'preload', 'staff.cjs'), 'utf8');
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
      ipcRenderer: Object.assign(new EventEmitter(), { invoke: async (...args: unknown[]) => { invoked.push(args); return { status: 200, body: {} }; } }),
    };
    const sandboxRequire = (id: string): unknown => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`module not found: ${id} (a sandboxed preload can require only 'electron')`);
    };
    const module = { exports: {} };
    vm.runInNewContext(`(function (require, exports, module) {\n${source}\n})`, {})(sandboxRequire, module.exports, module);
    expect(required).toEqual(['electron']);
    expect(STAFF_BRIDGE_GLOBAL).toBe(PRELOAD_STAFF_GLOBAL);
    expect([...exposed.keys()]).toEqual([PRELOAD_STAFF_GLOBAL]);
    const bridge = exposed.get(PRELOAD_STAFF_GLOBAL) as { call(name: string, input: unknown, token: string): Promise<unknown> };
    expect(Object.keys(bridge)).toEqual(['call']);
    await bridge.call('staff.queue', {}, 'token-1');
    expect(invoked).toEqual([[IPC_STAFF_CALL_CHANNEL, 'staff.queue', {}, 'token-1']]);
  });
});
