// The Electron shell's pure parts: what the kiosk window may load and which permission it gets.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { kioskFile } from '../../electron/main/kioskProtocol.ts';
import { isPermissionAllowed, kioskWindowOptions } from '../../electron/main/kioskWindow.ts';

const dir = path.resolve('/opt/gradbooth/renderer');

describe('the kiosk window', () => {
  test('booth://kiosk/ serves files of the built renderer and nothing outside it', () => {
    expect(kioskFile(dir, 'booth://kiosk/index.html')).toBe(path.join(dir, 'index.html'));
    expect(kioskFile(dir, 'booth://kiosk/')).toBe(path.join(dir, 'index.html'));
    expect(kioskFile(dir, 'booth://kiosk/models/face_landmarker.task')).toBe(path.join(dir, 'models', 'face_landmarker.task'));
    // dot segments are folded by URL parsing; encoded slashes survive it and must be caught here
    expect(kioskFile(dir, 'booth://kiosk/%2e%2e/%2e%2e/etc/passwd')?.startsWith(dir + path.sep)).toBe(true);
    expect(kioskFile(dir, 'booth://kiosk/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(kioskFile(dir, 'booth://other/index.html')).toBeNull();
  });

  test('only the kiosk page may use the camera, and no other permission is granted', () => {
    expect(isPermissionAllowed('media', { requestingUrl: 'booth://kiosk/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed('media', { requestingUrl: 'https://example.com/', mediaTypes: ['video'] })).toBe(false);
    expect(isPermissionAllowed('geolocation', { requestingUrl: 'booth://kiosk/index.html' })).toBe(false);
  });

  test('the renderer runs isolated from Node with only the preload bridge', () => {
    const options = kioskWindowOptions('/app/preload/index.cjs', { kiosk: true, devTools: false });
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, preload: '/app/preload/index.cjs' });
    expect(options.kiosk).toBe(true);
  });
});
