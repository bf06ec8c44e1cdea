// A curious student cannot get out of the kiosk: the Electron main process's window options,
// navigation/window/permission handlers, shortcut filter, crash restart and CSP, tested directly.
//
// The Electron binary cannot run here, so the handlers are wired to FakeContents / FakeWindow
// below: Node EventEmitters with the few methods the guards call. They are the only stand-ins in
// this file; every decision itself is the real function index.ts uses.
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Net, Protocol } from 'electron';
import { describe, expect, test } from 'vitest';
import {
  blockedShortcut,
  focusKioskWindow,
  guardContents,
  guardKioskWindow,
  kioskPermissionCheckHandler,
  kioskPermissionRequestHandler,
  nextRestart,
  type CrashHistory,
  type ShortcutInput,
} from '../../electron/main/kioskGuards.ts';
import { KIOSK_CSP, KIOSK_START_URL, serveKiosk, withKioskHeaders } from '../../electron/main/kioskProtocol.ts';
import { kioskMode, kioskWindowOptions, type KioskMode } from '../../electron/main/kioskWindow.ts';

const INSTALLED: KioskMode = kioskMode(true);
const DEVELOPER: KioskMode = kioskMode(false);

class FakeEvent {
  prevented = false;
  readonly url: string;
  constructor(url = '') {
    this.url = url;
  }
  preventDefault(): void {
    this.prevented = true;
  }
}

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  devToolsClosed = 0;
  loaded: string[] = [];
  zoomLimits: [number, number] | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  closeDevTools(): void {
    this.devToolsClosed++;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  async setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
  }
}

class FakeWindow extends EventEmitter {
  readonly webContents = new FakeContents();
}

function key(keyName: string, mods: Partial<Pick<ShortcutInput, 'control' | 'meta' | 'alt' | 'shift'>> = {}, code?: string): ShortcutInput {
  const letterCode = /^[a-z]$/i.test(keyName) ? `Key${keyName.toUpperCase()}` : /^\d$/.test(keyName) ? `Digit${keyName}` : keyName;
  return { type: 'keyDown', key: keyName, code: code ?? letterCode, control: false, meta: false, alt: false, shift: false, ...mods };
}

function guardedWindow(mode: KioskMode, quitting = false) {
  const window = new FakeWindow();
  const log: string[] = [];
  const scheduled: { delayMs: number; run: () => void }[] = [];
  let clock = 1_000_000;
  guardKioskWindow(window, {
    mode,
    log: (line) => log.push(line),
    isQuitting: () => quitting,
    now: () => clock,
    schedule: (run, delayMs) => scheduled.push({ run, delayMs }),
  });
  return { window, contents: window.webContents, log, scheduled, advance: (ms: number) => (clock += ms) };
}

describe('the kiosk window options', () => {
  test('an installed booth opens a fullscreen kiosk whose renderer is sandboxed, isolated from Node and without devtools', () => {
    expect(INSTALLED).toEqual({ kiosk: true, devTools: false });
    const options = kioskWindowOptions('/opt/GradBooth/resources/app.asar/out/preload/index.cjs', INSTALLED);
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(options.webPreferences).toMatchObject({
      preload: '/opt/GradBooth/resources/app.asar/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  test("a developer's npm start gets a normal window with devtools, and no environment variable unlocks an installed booth", () => {
    expect(DEVELOPER).toEqual({ kiosk: false, devTools: true });
    expect(kioskMode(false, { GRADBOOTH_KIOSK: '1' })).toEqual({ kiosk: true, devTools: true });
    expect(kioskMode(true, { GRADBOOTH_KIOSK: '0', GRADBOOTH_DEVTOOLS: '1' })).toEqual({ kiosk: true, devTools: false });
    // isolation does not depend on the mode
    expect(kioskWindowOptions('/p.cjs', DEVELOPER).webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });
});

describe('permissions', () => {
  const granted = (permission: string, details: { requestingUrl?: string; mediaTypes?: string[] }): boolean => {
    let answer: boolean | null = null;
    kioskPermissionRequestHandler(() => undefined)(null, permission, (ok) => (answer = ok), details);
    if (answer === null) throw new Error('the permission request handler never answered');
    return answer;
  };

  test('the kiosk page gets the camera and nothing else: no microphone, screen, location, notifications or devices', () => {
    expect(granted('media', { requestingUrl: 'booth://kiosk/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(granted('media', { requestingUrl: 'booth://kiosk/index.html', mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(granted('media', { requestingUrl: 'booth://kiosk/index.html', mediaTypes: ['audio'] })).toBe(false);
    expect(granted('media', { requestingUrl: 'booth://kiosk/index.html', mediaTypes: [] })).toBe(false);
    for (const permission of ['display-capture', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb', 'midiSysex', 'openExternal', 'unknown']) {
      expect(granted(permission, { requestingUrl: 'booth://kiosk/index.html', mediaTypes: ['video'] }), permission).toBe(false);
    }
  });

  test('no other page gets the camera, however its URL is dressed up', () => {
    for (const url of ['https://example.com/', 'http://127.0.0.1:5730/', 'file:///opt/GradBooth/index.html', 'booth://other/index.html', 'booth://kiosk.evil.com/', 'booth://user@kiosk/', 'blob:booth://kiosk/abc', '', 'not a url']) {
      expect(granted('media', { requestingUrl: url, mediaTypes: ['video'] }), url).toBe(false);
    }
    expect(granted('media', { mediaTypes: ['video'] })).toBe(false);
  });

  test('permission checks follow the same rule, and every refused request is logged', () => {
    const check = kioskPermissionCheckHandler();
    expect(check(null, 'media', 'booth://kiosk', { requestingUrl: 'booth://kiosk/index.html', mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', 'booth://kiosk', { mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', 'booth://kiosk', { requestingUrl: 'booth://kiosk/index.html', mediaType: 'audio' })).toBe(false);
    expect(check(null, 'media', 'booth://kiosk', { requestingUrl: 'booth://kiosk/index.html', mediaType: 'unknown' })).toBe(false);
    expect(check(null, 'media', 'https://example.com', { mediaType: 'video' })).toBe(false);
    expect(check(null, 'serial', 'booth://kiosk', { requestingUrl: 'booth://kiosk/index.html' })).toBe(false);
    const log: string[] = [];
    kioskPermissionRequestHandler((line) => log.push(line))(null, 'media', () => undefined, { requestingUrl: 'booth://kiosk/index.html', mediaTypes: ['audio'] });
    expect(log).toEqual(['kiosk: denied permission media (audio) to booth://kiosk/index.html']);
  });
});

describe('navigation and new windows', () => {
  function guarded() {
    const contents = new FakeContents();
    const log: string[] = [];
    guardContents(contents, (line) => log.push(line));
    return { contents, log };
  }

  test('the kiosk never leaves its own pages: links, redirects, frames and dropped files elsewhere are cancelled', () => {
    const { contents, log } = guarded();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of ['https://example.com/', 'http://127.0.0.1:5740/review', 'file:///etc/passwd', 'booth://other/', 'javascript:alert(1)', 'data:text/html,hi', 'devtools://devtools/bundled/inspector.html']) {
        const navigation = new FakeEvent(url);
        contents.emit(event, navigation);
        expect(navigation.prevented, `${event} ${url}`).toBe(true);
      }
      const home = new FakeEvent('booth://kiosk/index.html#/posing');
      contents.emit(event, home);
      expect(home.prevented, `${event} to the kiosk's own page`).toBe(false);
    }
    expect(log).toContain('kiosk: blocked navigation to https://example.com/');
  });

  test('no page opens a window or embeds a <webview>, not even the kiosk itself', () => {
    const { contents, log } = guarded();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: KIOSK_START_URL })).toEqual({ action: 'deny' });
    const webview = new FakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(log).toContain('kiosk: blocked a <webview>');
  });
});

describe('keyboard', () => {
  const swallowed: [string, ShortcutInput][] = [
    ['reload', key('r', { control: true })],
    ['reload', key('R', { control: true, shift: true })],
    ['reload', key('r', { meta: true })],
    ['reload', key('F5')],
    ['reload', key('F5', { control: true })],
    ['devtools', key('I', { control: true, shift: true })],
    ['devtools', key('J', { control: true, shift: true })],
    ['devtools', key('i', { meta: true, alt: true })],
    ['devtools', key('F12')],
    ['close', key('w', { control: true })],
    ['close', key('F4', { control: true })],
    ['quit', key('q', { control: true })],
    ['quit', key('q', { meta: true })],
    ['quit', key('F4', { alt: true })],
    ['new window', key('n', { control: true })],
    ['print', key('p', { control: true })],
    ['zoom', key('=', { control: true }, 'Equal')],
    ['zoom', key('-', { control: true }, 'Minus')],
    ['zoom', key('0', { control: true })],
    ['history', key('ArrowLeft', { alt: true })],
    ['history', key('BrowserBack')],
    ['fullscreen toggle', key('F11')],
    // a non-Latin layout: the physical R key still reloads in Chromium, so it is still swallowed
    ['reload', key('к', { control: true }, 'KeyR')],
  ];

  test('reload, devtools, close and quit shortcuts are recognised whatever the modifier spelling', () => {
    for (const [what, input] of swallowed) expect(blockedShortcut(input), JSON.stringify(input)).toBe(what);
  });

  test('typing a code, the last 4 digits and a scanner burst are never swallowed', () => {
    const ordinary = [...'GBSIM1.AbCd0123456789X'].map((c) => key(c, { shift: /[A-Z]/.test(c) }));
    ordinary.push(key('Enter'), key('Backspace'), key('Tab'), key('Escape'), key('Shift'), key('ArrowLeft'), key(' ', {}, 'Space'));
    for (const input of ordinary) expect(blockedShortcut(input), input.key).toBeNull();
    // the key-up of a shortcut changes nothing, so only key-down is judged
    expect(blockedShortcut({ ...key('r', { control: true }), type: 'keyUp' })).toBeNull();
  });

  test('in the installed kiosk the shortcuts are swallowed and logged; a developer window keeps them', () => {
    const kiosk = guardedWindow(INSTALLED);
    for (const [, input] of swallowed) {
      const event = new FakeEvent();
      kiosk.contents.emit('before-input-event', event, input);
      expect(event.prevented, JSON.stringify(input)).toBe(true);
    }
    const typing = new FakeEvent();
    kiosk.contents.emit('before-input-event', typing, key('a'));
    expect(typing.prevented).toBe(false);
    expect(kiosk.log).toContain('kiosk: swallowed Ctrl+Shift+I (devtools)');
    expect(kiosk.log).toContain('kiosk: swallowed Alt+F4 (quit)');

    const developer = guardedWindow(DEVELOPER);
    const reload = new FakeEvent();
    developer.contents.emit('before-input-event', reload, key('r', { control: true }));
    expect(reload.prevented).toBe(false);
  });

  test('a touch screen pinch cannot zoom the kiosk page, after every load', async () => {
    const kiosk = guardedWindow(INSTALLED);
    kiosk.contents.emit('did-finish-load');
    await Promise.resolve();
    expect(kiosk.contents.zoomLimits).toEqual([1, 1]);
  });
});

describe('devtools, closing and a second launch', () => {
  test('developer tools opened in an installed booth close again at once', () => {
    const kiosk = guardedWindow(INSTALLED);
    kiosk.contents.emit('devtools-opened');
    expect(kiosk.contents.devToolsClosed).toBe(1);
    const developer = guardedWindow(DEVELOPER);
    developer.contents.emit('devtools-opened');
    expect(developer.contents.devToolsClosed).toBe(0);
  });

  test('the kiosk window refuses to close until the app itself quits', () => {
    const open = new FakeEvent();
    guardedWindow(INSTALLED).window.emit('close', open);
    expect(open.prevented).toBe(true);
    const quitting = new FakeEvent();
    guardedWindow(INSTALLED, true).window.emit('close', quitting);
    expect(quitting.prevented).toBe(false);
  });

  test('a second launch brings the running kiosk forward, restored if it was minimised', () => {
    const calls: string[] = [];
    const window = { isMinimized: () => true, restore: () => calls.push('restore'), show: () => calls.push('show'), focus: () => calls.push('focus') };
    focusKioskWindow(window);
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(() => focusKioskWindow(null)).not.toThrow();
  });
});

describe('renderer crashes', () => {
  test('a crash loop backs off 0 s, 1 s, 2 s, 4 s … up to a minute, and a calm spell starts the count afresh', () => {
    let history: CrashHistory | null = null;
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 10; i++) {
      const next = nextRestart(history, now);
      history = next.history;
      delays.push(next.delayMs);
      now += next.delayMs + 3000;
    }
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(nextRestart(history, now + 5 * 60_000).delayMs).toBe(0);
  });

  test('a crashed renderer reloads the kiosk start page after the back-off, and says so in the log', async () => {
    const kiosk = guardedWindow(INSTALLED);
    kiosk.contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    kiosk.advance(2000);
    kiosk.contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(kiosk.scheduled.map((s) => s.delayMs)).toEqual([0, 1000]);
    expect(kiosk.contents.loaded).toEqual([]);
    for (const s of kiosk.scheduled) s.run();
    await Promise.resolve();
    expect(kiosk.contents.loaded).toEqual([KIOSK_START_URL, KIOSK_START_URL]);
    expect(kiosk.log).toContain('kiosk: renderer gone (oom, exit 0); crash 2 in a row, reloading in 1000 ms');
  });
});

describe('Content-Security-Policy', () => {
  const directives = (policy: string): Map<string, string[]> =>
    new Map(
      policy
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...sources]) => [name as string, sources]),
    );
  const csp = directives(KIOSK_CSP);

  test('kiosk pages may run only their own scripts and wasm, and reach no network origin', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('media-src')).toContain('mediastream:');
    for (const [name, sources] of csp) {
      for (const source of sources) expect(source, `${name} ${source}`).not.toMatch(/^(https?:|wss?:|\*|'unsafe-eval')/);
    }
    for (const name of ['object-src', 'base-uri', 'form-action', 'frame-src', 'frame-ancestors']) expect(csp.get(name), name).toEqual(["'none'"]);
  });

  test("the header allows everything the renderer's own policy allows (the one the Chromium e2e runs under) except the web host's ws:", async () => {
    const html = await readFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    if (!meta) throw new Error('renderer/index.html has no CSP <meta>');
    for (const [name, sources] of directives(meta)) {
      // the one tightening: the renderer names every kind of resource it loads, so the fallback is 'none'
      if (name === 'default-src') continue;
      const header = csp.get(name) ?? csp.get('default-src') ?? [];
      for (const source of sources.filter((s) => s !== 'ws:')) expect(header, `${name} ${source}`).toContain(source);
    }
  });

  test('every booth:// response carries the policy, found or not', async () => {
    // Electron's protocol and net modules cannot run here: a fake protocol captures the handler and
    // a fake net.fetch reads the real file (net.fetch would read the same file:// URL)
    const rendererDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../renderer');
    let handler: ((request: Request) => Promise<Response>) | null = null;
    const protocol = { handle: (_scheme: string, h: (request: Request) => Promise<Response>) => (handler = h) };
    const net = { fetch: async (url: string) => new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'text/html' } }) };
    serveKiosk(protocol as unknown as Protocol, net as unknown as Net, rendererDir);
    if (!handler) throw new Error('serveKiosk registered no handler');
    const serve: (request: Request) => Promise<Response> = handler;
    const page = await serve(new Request('booth://kiosk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toContain('<div id="root">');
    const missing = await serve(new Request('booth://other/index.html'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    expect(withKioskHeaders(new Response('x', { status: 206 })).status).toBe(206);
  });
});
