// The kiosk window's options and the permissions it may use, as plain functions (tested directly in
// tests/unit/kioskLockdown.test.ts): full screen, no menus, the renderer isolated and sandboxed, and
// the camera the only permission, for the kiosk's own pages only.
import type { BrowserWindowConstructorOptions } from 'electron';
import { isKioskUrl } from './kioskProtocol.ts';

export interface KioskMode {
  /** fullscreen kiosk window that cannot be left, resized or closed from the keyboard */
  kiosk: boolean;
  /** whether developer tools may open at all */
  devTools: boolean;
}

/**
 * An installed booth (packaged) is always a locked kiosk without developer tools. A developer's
 * `npm start` gets a normal window with devtools, or the locked window with GRADBOOTH_KIOSK=1 to try
 * the lockdown; the environment cannot unlock a packaged booth.
 */
export function kioskMode(packaged: boolean, env: Record<string, string | undefined> = {}): KioskMode {
  if (packaged) return { kiosk: true, devTools: false };
  return { kiosk: env.GRADBOOTH_KIOSK === '1', devTools: true };
}

/** The renderer locked down the same way in every booth window (kiosk and staff). */
export function lockedWebPreferences(preloadPath: string, mode: KioskMode): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    // the preload is a CommonJS bundle that requires only 'electron' (electron.vite.config.ts)
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // a page that spams alert() cannot lock the kiosk behind dialogs
    safeDialogs: true,
    devTools: mode.devTools,
    spellcheck: false,
  };
}

export function kioskWindowOptions(preloadPath: string, mode: KioskMode): BrowserWindowConstructorOptions {
  return {
    width: 1920,
    height: 1080,
    kiosk: mode.kiosk,
    fullscreen: mode.kiosk,
    // no menu bar to reveal with Alt (index.ts also removes the application menu)
    autoHideMenuBar: true,
    backgroundColor: '#f5f7fa',
    show: false,
    webPreferences: {
      ...lockedWebPreferences(preloadPath, mode),
      // the renderer's vision models run in a worker and must keep running when the window is not focused
      backgroundThrottling: false,
      // the voice guidance speaks as soon as the student poses, whether or not the screen was touched yet
      autoplayPolicy: 'no-user-gesture-required',
    },
  };
}

/** What Electron tells a permission handler about a request or check (its structs, reduced to what we read). */
export interface PermissionDetails {
  /** the page asking (PermissionRequest / PermissionCheckHandlerHandlerDetails.requestingUrl) */
  requestingUrl?: string;
  /** a permission request's media types (MediaAccessPermissionRequest.mediaTypes) */
  mediaTypes?: readonly string[];
  /** a permission check's media type (PermissionCheckHandlerHandlerDetails.mediaType) */
  mediaType?: string;
}

/**
 * The camera is the only permission the kiosk grants, and only to its own pages: 'media' asking
 * for video alone. Microphone, screen capture, notifications, geolocation, HID/USB/serial from
 * the page, fullscreen API, clipboard… all denied.
 */
export function isPermissionAllowed(permission: string, details: PermissionDetails): boolean {
  if (permission !== 'media') return false;
  if (!details.requestingUrl || !isKioskUrl(details.requestingUrl)) return false;
  if (details.mediaTypes !== undefined) return details.mediaTypes.length > 0 && details.mediaTypes.every((type) => type === 'video');
  return details.mediaType === 'video';
}
