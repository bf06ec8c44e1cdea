// The kiosk window's options: full screen, no menus, the preload bridge, and the renderer isolated
// from Node. Kept as plain functions so the hardening issue can extend and test them.
import type { BrowserWindowConstructorOptions } from 'electron';
import { KIOSK_ORIGIN } from './kioskProtocol.ts';

export function kioskWindowOptions(preloadPath: string, options: { kiosk: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1920,
    height: 1080,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f5f7fa',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      // electron-vite emits the preload as an ES module (package type "module"), which Electron
      // loads only unsandboxed; the hardening issue switches it to a CommonJS build and sandbox: true
      sandbox: false,
      // the renderer's vision models run in a worker and must keep running when the window is not focused
      backgroundThrottling: false,
      spellcheck: false,
    },
  };
}

/** Camera access is the only permission the kiosk grants, and only to its own pages. */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'media' && requestingUrl.startsWith(`${KIOSK_ORIGIN}/`);
}
