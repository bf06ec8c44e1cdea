// What keeps a student inside the kiosk: every decision (navigation, new windows, shortcuts,
// devtools, permissions, crash restarts, closing) is a plain function, and guardContents /
// guardKioskWindow / the permission handlers wire them to Electron's events. index.ts only calls these.
import { KIOSK_START_URL, isKioskUrl } from './kioskProtocol.ts';
import { isPermissionAllowed, type KioskMode, type PermissionDetails } from './kioskWindow.ts';

export type GuardLog = (line: string) => void;

/** An Electron event the guard may cancel. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate / will-frame-navigate / will-redirect hand the target in details.url (Electron ≥ 25). */
export interface NavigationEvent extends PreventableEvent {
  url: string;
}

/** The fields of Electron's Input that a shortcut is made of. */
export interface ShortcutInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

// --- decisions -------------------------------------------------------------------------------

/** The kiosk may only ever show its own pages: any navigation elsewhere (a link, a dropped file, a redirect) is cancelled. */
export function isNavigationAllowed(targetUrl: string): boolean {
  return isKioskUrl(targetUrl);
}

/** No page ever opens a window: window.open, target=_blank and middle-clicks are all denied. */
export function windowOpenDecision(_details: { url: string }): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * What a key press would do that the kiosk must not allow (reload, devtools, close, quit, zoom,
 * print, new window, history, fullscreen toggle), or null for an ordinary key. Only key-down
 * counts; plain letters, digits, Enter and Shift pass, so the keyboard-wedge scanner and the
 * last-4 entry keep working.
 */
export function blockedShortcut(input: ShortcutInput): string | null {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return null;
  const mod = input.control || input.meta;
  // letters by physical key (Chromium's accelerators do the same), so a keyboard layout cannot sneak one past
  const letter = input.code.startsWith('Key') ? input.code.slice(3).toLowerCase() : input.key.toLowerCase();
  const key = input.key;
  if (key === 'F5' || key === 'BrowserRefresh' || (mod && letter === 'r')) return 'reload';
  if (key === 'F12' || (mod && input.shift && ['i', 'j', 'c'].includes(letter)) || (input.meta && input.alt && ['i', 'j', 'c'].includes(letter))) return 'devtools';
  if ((input.alt && key === 'F4') || (mod && letter === 'q')) return 'quit';
  if ((mod && letter === 'w') || (input.control && key === 'F4')) return 'close';
  if (mod && (letter === 'n' || letter === 't')) return 'new window';
  if (mod && letter === 'p') return 'print';
  if (mod && ['+', '=', '-', '_', '0'].includes(key)) return 'zoom';
  if (mod && ['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0'].includes(input.code)) return 'zoom';
  if ((input.alt && (key === 'ArrowLeft' || key === 'ArrowRight')) || key === 'BrowserBack' || key === 'BrowserForward' || (mod && (key === '[' || key === ']'))) return 'history';
  if (key === 'F11') return 'fullscreen toggle';
  return null;
}

/** How a key press is named in the log, e.g. "Ctrl+Shift+I". */
export function describeShortcut(input: ShortcutInput): string {
  const parts = [input.control && 'Ctrl', input.meta && 'Meta', input.alt && 'Alt', input.shift && 'Shift'].filter(Boolean) as string[];
  return [...parts, input.key.length === 1 ? input.key.toUpperCase() : input.key].join('+');
}

/** A renderer that keeps crashing: how many times in a row, and when last. */
export interface CrashHistory {
  crashes: number;
  lastCrashAt: number;
}

export interface RestartPolicy {
  /** the second crash in a row waits this long, each further one twice as long… */
  baseMs: number;
  /** …up to this (the kiosk never gives up: the next student may find it working again) */
  maxMs: number;
  /** a renderer that ran this long without crashing starts the count afresh */
  calmMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { baseMs: 1000, maxMs: 60_000, calmMs: 5 * 60_000 };

/**
 * When to reload after the renderer process died: at once the first time, then 1 s, 2 s, 4 s …
 * capped at a minute, so a crash loop (a bad model, a broken GPU driver) does not spin the CPU
 * and flood the log; a calm spell resets the back-off.
 */
export function nextRestart(history: CrashHistory | null, now: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): { history: CrashHistory; delayMs: number } {
  const crashes = history && now - history.lastCrashAt < policy.calmMs ? history.crashes + 1 : 1;
  const delayMs = crashes === 1 ? 0 : Math.min(policy.maxMs, policy.baseMs * 2 ** (crashes - 2));
  return { history: { crashes, lastCrashAt: now }, delayMs };
}

/** A locked kiosk window closes only when the app itself quits (before-quit, OS shutdown or logout), never on its own request. */
export function shouldPreventClose(mode: KioskMode, quitting: boolean): boolean {
  return mode.kiosk && !quitting;
}

// --- wiring ----------------------------------------------------------------------------------

/** The part of Electron's WebContents the guards use (the real one satisfies it). */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: ShortcutInput) => void): unknown;
  on(event: 'devtools-opened' | 'did-finish-load', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  closeDevTools(): void;
  loadURL(url: string): Promise<void>;
  setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void>;
}

/** The part of Electron's BrowserWindow the guards use. */
export interface GuardableWindow {
  webContents: GuardableContents;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
}

/** For every web contents the app creates (app 'web-contents-created'): no navigation away, no new windows, no <webview>. */
export function guardContents(contents: Pick<GuardableContents, 'on' | 'setWindowOpenHandler'>, log: GuardLog): void {
  const stopNavigation = (details: NavigationEvent): void => {
    if (isNavigationAllowed(details.url)) return;
    details.preventDefault();
    log(`kiosk: blocked navigation to ${details.url}`);
  };
  contents.on('will-navigate', stopNavigation);
  contents.on('will-frame-navigate', stopNavigation);
  contents.on('will-redirect', stopNavigation);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('kiosk: blocked a <webview>');
  });
  contents.setWindowOpenHandler((details) => {
    log(`kiosk: blocked a new window for ${details.url}`);
    return windowOpenDecision(details);
  });
}

export interface KioskWindowGuardOptions {
  mode: KioskMode;
  log: GuardLog;
  /** true once the app is quitting (before-quit), so the window may close */
  isQuitting: () => boolean;
  now?: () => number;
  schedule?: (run: () => void, delayMs: number) => void;
  policy?: RestartPolicy;
}

/** The kiosk window itself: shortcuts swallowed, devtools shut, pinch-zoom off, closing refused, crashes reloaded with back-off. */
export function guardKioskWindow(window: GuardableWindow, options: KioskWindowGuardOptions): void {
  const { mode, log, isQuitting } = options;
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? ((run, delayMs) => void setTimeout(run, delayMs));
  const contents = window.webContents;

  // The operator's way out is deliberately not a key (see docs/kiosk.md "Leaving the kiosk"):
  // every swallowed shortcut is logged, so tampering shows in the booth log.
  contents.on('before-input-event', (event, input) => {
    if (!mode.kiosk) return;
    const blocked = blockedShortcut(input);
    if (!blocked) return;
    event.preventDefault();
    log(`kiosk: swallowed ${describeShortcut(input)} (${blocked})`);
  });

  contents.on('devtools-opened', () => {
    if (mode.devTools) return;
    contents.closeDevTools();
    log('kiosk: closed developer tools');
  });

  // a touch screen's pinch must not zoom the page out of its layout (Electron's default, made
  // explicit and re-applied on every load, a reload after a crash included)
  contents.on('did-finish-load', () => {
    if (mode.kiosk) void contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  });

  let history: CrashHistory | null = null;
  contents.on('render-process-gone', (_event, details) => {
    const next = nextRestart(history, now(), options.policy);
    history = next.history;
    log(`kiosk: renderer gone (${details.reason}, exit ${details.exitCode}); crash ${next.history.crashes} in a row, reloading in ${next.delayMs} ms`);
    schedule(() => {
      contents.loadURL(KIOSK_START_URL).catch((error: unknown) => log(`kiosk: reload after crash failed: ${error instanceof Error ? error.message : String(error)}`));
    }, next.delayMs);
  });

  window.on('close', (event) => {
    if (!shouldPreventClose(mode, isQuitting())) return;
    event.preventDefault();
    log('kiosk: refused to close the kiosk window');
  });
}

/** A second launch (a student double-tapping a desktop icon, autostart racing a manual start) brings the running kiosk forward instead. */
export function focusKioskWindow(window: { isMinimized(): boolean; restore(): void; show(): void; focus(): void } | null): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** session.setPermissionRequestHandler: the camera for the kiosk's pages, nothing else (denials are logged). */
export function kioskPermissionRequestHandler(log: GuardLog) {
  return (_contents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionDetails): void => {
    const allowed = isPermissionAllowed(permission, details);
    if (!allowed) log(`kiosk: denied permission ${permission}${details.mediaTypes ? ` (${details.mediaTypes.join(', ')})` : ''} to ${details.requestingUrl ?? 'an unknown page'}`);
    callback(allowed);
  };
}

/** session.setPermissionCheckHandler: the same rule for the checks pages make before asking. */
export function kioskPermissionCheckHandler() {
  return (_contents: unknown, permission: string, requestingOrigin: string, details: PermissionDetails): boolean =>
    isPermissionAllowed(permission, { ...details, requestingUrl: details.requestingUrl ?? requestingOrigin });
}
