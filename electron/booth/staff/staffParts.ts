// The staff screen's booth-side parts, made once per booth by either host: the PIN, the settings
// and the derived kiosk configuration, the live-session desk, the backdrop calibration.
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import type { BoothStore } from '../store/boothStore.ts';
import { loadAssignedConfig } from '../sync/boothCredentials.ts';
import { BackdropCalibration } from './backdropCalibration.ts';
import { BoothSettings, deriveBoothConfig } from './boothSettings.ts';
import { StaffDesk } from './staffDesk.ts';
import { StaffPin } from './staffPin.ts';

export interface StaffParts {
  pin: StaffPin;
  settings: BoothSettings;
  desk: StaffDesk;
  backdrop: BackdropCalibration;
  /** the kiosk's configuration now: base, operator settings, the service's assignment */
  config(): BoothConfig;
  assigned(): { school: string; degreeCategories: string[]; paymentMode: BoothConfig['payment']['mode'] } | null;
}

export function createStaffParts(options: { store: BoothStore; base: BoothConfig; initialPin?: string }): StaffParts {
  const { store, base } = options;
  const settings = new BoothSettings(store, base);
  const assigned = () => loadAssignedConfig(store);
  return {
    pin: new StaffPin(store, options.initialPin),
    settings,
    desk: new StaffDesk(store),
    backdrop: new BackdropCalibration(store),
    config: () => deriveBoothConfig(base, settings.local(), assigned()),
    assigned: () => {
      const a = assigned();
      return a && { school: a.school, degreeCategories: [...a.degreeCategories], paymentMode: a.paymentMode };
    },
  };
}
