// The kiosk renderer runs with sandbox: true, so its preload must load the way Electron loads a
// sandboxed preload: a CommonJS script run as a function body whose require() knows 'electron'
// (and a few Node built-ins the preload does not use) — no ES modules, no npm packages. This builds
// the real bundle with the project's electron.vite.config.ts and runs it that way.
//
// The Electron binary cannot run here: the 'electron' module handed to the preload is a fake
// (contextBridge records what it exposes, ipcRenderer is a Node EventEmitter recording invoke()).
// It is the only stand-in; the bundle, the config and the main process's preload path are real.
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PRELOAD_GLOBAL } from '../../shared/api/boothApi.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../electron/main/boothIpc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let outDir = '';

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'gradbooth-preload-'));
  await promisify(execFile)(path.join(root, 'node_modules', '.bin', 'electron-vite'), ['build', '--outDir', outDir], { cwd: root });
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

interface FakeBridgeApi {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Runs a preload the way Electron's sandboxed renderer does: a function body with a restricted require. */
function runSandboxedPreload(source: string) {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const ipcRenderer = Object.assign(new EventEmitter(), {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true };
    },
  });
  const electron = { contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) }, ipcRenderer };
  const required: string[] = [];
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id} (a sandboxed preload can require only 'electron')`);
  };
  const module = { exports: {} };
  const wrapper = vm.runInNewContext(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${source}\n})`, {});
  wrapper(sandboxRequire, {}, Buffer, {}, setImmediate, clearImmediate, module.exports, module);
  return { exposed, invoked, ipcRenderer, required };
}

describe('the sandboxed preload', () => {
  test('the build emits the preload as CommonJS that requires only electron, at the path the main process loads', async () => {
    const source = await readFile(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    expect([...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    const main = await readFile(path.join(outDir, 'main', 'index.js'), 'utf8');
    expect(main).toContain('"../preload/index.cjs"');
  });

  test('loaded like Electron loads it, the preload exposes the booth API under the global the renderer looks for', async () => {
    const source = await readFile(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
    const { exposed, invoked, ipcRenderer, required } = runSandboxedPreload(source);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual([PRELOAD_GLOBAL]);
    const api = exposed.get(PRELOAD_GLOBAL) as FakeBridgeApi;
    await expect(api.call('session.start', { code: 'X' })).resolves.toEqual({ ok: true });
    expect(invoked).toEqual([[IPC_CALL_CHANNEL, 'session.start', { code: 'X' }]]);
    const seen: unknown[] = [];
    const off = api.on('code.scanned', (payload) => seen.push(payload));
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'code.scanned', { code: 'A1' });
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'other.event', { code: 'B2' });
    off();
    ipcRenderer.emit(IPC_EVENT_CHANNEL, {}, 'code.scanned', { code: 'C3' });
    expect(seen).toEqual([{ code: 'A1' }]);
  });
});
