// The operator's staff window, as plain functions (tested in tests/unit/staff-window.test.ts): on
// a second monitor when the booth has one (never over the kiosk), isolated and sandboxed like the
// kiosk, with its own preload that exposes only the staff API; and the IPC check that only that
// window may call the staff API.
import type { BrowserWindowConstructorOptions } from 'electron';
import { KIOSK_ORIGIN } from './kioskProtocol.ts';
import { lockedWebPreferences, type KioskMode } from './kioskWindow.ts';

/** The staff page, served from the same built renderer as the kiosk. */
export const STAFF_START_URL = `${KIOSK_ORIGIN}/staff.html`;

export interface DisplayInfo {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * Where the staff window goes: the first display that is not the kiosk's (the primary one). With
 * a single monitor there is no staff window — the operator uses the tablet (LAN access) instead,
 * since a window over the kiosk would cover the student's screen.
 */
export function staffDisplay(displays: readonly DisplayInfo[], primaryId: number): DisplayInfo | null {
  return displays.find((d) => d.id !== primaryId) ?? null;
}

export function staffWindowOptions(preloadPath: string, display: DisplayInfo, mode: KioskMode): BrowserWindowConstructorOptions {
  return {
    ...display.bounds,
    // full screen on its own monitor in a locked booth; a normal window for a developer
    fullscreen: mode.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f5f7fa',
    show: false,
    title: 'GradBooth 工作人员',
    webPreferences: lockedWebPreferences(preloadPath, mode),
  };
}

/** Only the staff window's own page may call the staff API; the kiosk's page never. */
export function isStaffSender(senderId: number, staffWindowId: number | null, senderUrl: string): boolean {
  return staffWindowId !== null && senderId === staffWindowId && senderUrl.startsWith(STAFF_START_URL);
}
