// The booth's settings: the operator's local ones (validated, stored in the booth store, every
// change audited) over the defaults, under what the review service assigned at enrollment. The
// kiosk's BoothConfig is derived from them on each use, so a change takes effect without a restart.
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import { LocalSettingsSchema, type LocalSettings } from '../../../shared/api/staffApi.ts';
import type { BoothConfig as AssignedSettings } from '../../../shared/sync/protocol.ts';
import { DEFAULT_GRACE_DAYS, GRACE_DAYS_CONFIG_KEY } from '../retention/retentionPurge.ts';
import type { BoothStore } from '../store/boothStore.ts';

const SETTINGS_KEY = 'staff.settings';
/** the retention grace period keeps its own key: the retention job reads it */
type StoredSettings = Omit<LocalSettings, 'retentionGraceDays'>;

export const AUTO_CAPTURE_HOLD_MS: Record<LocalSettings['autoCapture'], number> = { relaxed: 600, normal: 1000, strict: 1800 };

/** The settings a booth starts with: read off the default configuration. */
export function defaultLocalSettings(base: BoothConfig): LocalSettings {
  const autoCapture = (Object.keys(AUTO_CAPTURE_HOLD_MS) as LocalSettings['autoCapture'][]).find((k) => AUTO_CAPTURE_HOLD_MS[k] === base.autoCaptureHoldMs) ?? 'normal';
  return {
    background: base.background,
    camera: base.camera,
    autoCapture,
    idleTimeoutSeconds: Math.round(base.idleTimeoutMs / 1000),
    finalIdleTimeoutSeconds: Math.round(base.finalIdleTimeoutMs / 1000),
    language: base.language,
    voiceHints: base.voiceHints,
    deferredVerification: false,
    retentionGraceDays: DEFAULT_GRACE_DAYS,
  };
}

/**
 * The kiosk's configuration: the base, the operator's settings on top, and the service's
 * assignment on top of both (the 学历类别 it assigns, by their Chinese names, and the payment mode).
 */
export function deriveBoothConfig(base: BoothConfig, local: LocalSettings, assigned: AssignedSettings | null): BoothConfig {
  const offered = assigned ? base.categories.filter((c) => (assigned.degreeCategories as readonly string[]).includes(c.label.zh)) : base.categories;
  return {
    ...base,
    background: local.background,
    camera: local.camera,
    autoCaptureHoldMs: AUTO_CAPTURE_HOLD_MS[local.autoCapture],
    idleTimeoutMs: local.idleTimeoutSeconds * 1000,
    finalIdleTimeoutMs: local.finalIdleTimeoutSeconds * 1000,
    language: local.language,
    voiceHints: local.voiceHints,
    deferredVerification: local.deferredVerification,
    categories: offered.length > 0 ? offered : base.categories,
    payment: assigned ? { ...base.payment, mode: assigned.paymentMode } : base.payment,
  };
}

export type SaveResult = { ok: true; changed: string[] } | { ok: false; problems: string[] };

export class BoothSettings {
  private readonly store: BoothStore;
  private readonly defaults: LocalSettings;

  constructor(store: BoothStore, base: BoothConfig) {
    this.store = store;
    this.defaults = defaultLocalSettings(base);
  }

  local(): LocalSettings {
    const stored = this.store.config.get<Partial<StoredSettings>>(SETTINGS_KEY, {});
    const retentionGraceDays = this.store.config.get<number>(GRACE_DAYS_CONFIG_KEY, this.defaults.retentionGraceDays);
    // a setting added in a later version falls back to its default, an invalid stored one too
    const merged = LocalSettingsSchema.safeParse({ ...this.defaults, ...stored, retentionGraceDays });
    return merged.success ? merged.data : this.defaults;
  }

  /** Validates, stores and audits (old → new per field) one save from the staff screen. */
  save(input: unknown): SaveResult {
    const parsed = LocalSettingsSchema.safeParse(input);
    if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
    const before = this.local();
    const next = parsed.data;
    const changed = (Object.keys(next) as (keyof LocalSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    if (changed.length === 0) return { ok: true, changed };
    const { retentionGraceDays, ...stored } = next;
    this.store.config.set(SETTINGS_KEY, stored satisfies StoredSettings);
    this.store.config.set(GRACE_DAYS_CONFIG_KEY, retentionGraceDays);
    this.store.audit.append({
      at: this.store.now(), actor: 'operator', action: 'settings.changed',
      detail: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }])),
    });
    return { ok: true, changed };
  }
}
