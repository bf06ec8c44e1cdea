// The operator PIN: stored as a salted scrypt hash in the booth store, wrong attempts counted in
// the store (a restart does not reset a lockout) for each place a PIN is typed — at the booth (the
// kiosk's overrides, the staff window) and on the LAN — so a device on the LAN that keeps guessing
// locks out the LAN only, never the operator standing at the booth. Staff sessions are random
// tokens that expire after a few idle minutes. The same PIN authorises check overrides on the
// kiosk's review screen, once the operator has replaced the documented initial PIN.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { BoothStore } from '../store/boothStore.ts';

const PIN_KEY = 'staff.pin';
/** where a PIN was typed: each place has its own count of wrong attempts */
export type PinChannel = 'booth' | 'lan';
const ATTEMPTS_KEYS: Record<PinChannel, string> = { booth: 'staff.pinAttempts', lan: 'staff.pinAttempts.lan' };
export const PIN_LIMITS = { failures: 5, lockMs: 5 * 60_000 } as const;
/** the staff screen locks itself after this long without a call */
export const STAFF_IDLE_MS = 5 * 60_000;
/**
 * The PIN of a booth nobody has set one on (documented in docs/staff-screen.md). It works once to
 * get in, and the staff screen then makes the operator choose their own before anything else.
 */
export const INITIAL_PIN = '2468';
const SCRYPT = { N: 16_384, r: 8, p: 1, keylen: 32 } as const;

interface StoredPin {
  salt: string;
  hash: string;
  /** still the documented initial PIN: the operator must change it */
  mustChange: boolean;
}

interface Attempts {
  failures: number;
  lockedUntil: number | null;
}

export type PinCheck =
  | { ok: true; mustChange: boolean }
  | { ok: false; attemptsLeft: number; lockedUntil: number | null };

function hashPin(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin.normalize('NFKC'), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
}

export class StaffPin {
  private readonly store: BoothStore;
  private readonly tokens = new Map<string, number>();

  /** `initialPin` (GRADBOOTH_STAFF_PIN) replaces the documented one on a booth that has no PIN yet */
  constructor(store: BoothStore, initialPin?: string) {
    this.store = store;
    if (this.store.config.get<StoredPin | null>(PIN_KEY, null) === null) {
      this.save(initialPin ?? INITIAL_PIN, initialPin === undefined);
    }
  }

  /** Checks a PIN against the hash, counting failures in its channel; a locked channel refuses even the right PIN. */
  check(pin: string, channel: PinChannel): PinCheck {
    const now = this.store.now();
    const key = ATTEMPTS_KEYS[channel];
    const attempts = this.store.config.get<Attempts>(key, { failures: 0, lockedUntil: null });
    if (attempts.lockedUntil !== null && attempts.lockedUntil > now) return { ok: false, attemptsLeft: 0, lockedUntil: attempts.lockedUntil };
    const stored = this.store.config.get<StoredPin | null>(PIN_KEY, null);
    if (!stored) throw new Error('the staff PIN is missing from the booth store');
    const expected = Buffer.from(stored.hash, 'base64');
    if (timingSafeEqual(hashPin(pin, Buffer.from(stored.salt, 'base64')), expected)) {
      this.store.config.set(key, { failures: 0, lockedUntil: null });
      return { ok: true, mustChange: stored.mustChange };
    }
    // a lock that ran out starts a fresh count
    const failures = (attempts.lockedUntil === null ? attempts.failures : 0) + 1;
    const lockedUntil = failures >= PIN_LIMITS.failures ? now + PIN_LIMITS.lockMs : null;
    this.store.config.set(key, { failures, lockedUntil });
    this.store.audit.append({ at: now, actor: 'operator', action: lockedUntil ? 'staff.pin_locked' : 'staff.pin_wrong', detail: { failures, channel } });
    return { ok: false, attemptsLeft: Math.max(0, PIN_LIMITS.failures - failures), lockedUntil };
  }

  /** A staff session token for a correct PIN. */
  login(pin: string, channel: PinChannel): (PinCheck & { ok: true; token: string }) | (PinCheck & { ok: false }) {
    const result = this.check(pin, channel);
    if (!result.ok) return result;
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.store.now() + STAFF_IDLE_MS);
    this.store.audit.append({ at: this.store.now(), actor: 'operator', action: 'staff.login', detail: { channel } });
    return { ...result, token };
  }

  /** Is the token a live session; each use extends it (idle lock, not a fixed lifetime). */
  touch(token: string): boolean {
    const now = this.store.now();
    const until = this.tokens.get(token);
    if (until === undefined || until <= now) {
      this.tokens.delete(token);
      return false;
    }
    this.tokens.set(token, now + STAFF_IDLE_MS);
    return true;
  }

  logout(token: string): void {
    this.tokens.delete(token);
  }

  /** Must the operator still replace the documented initial PIN. */
  get mustChange(): boolean {
    return this.store.config.get<StoredPin | null>(PIN_KEY, null)?.mustChange ?? true;
  }

  /**
   * The PIN that authorises a check override at the kiosk: never the documented initial PIN, which
   * anyone can read in the manual ('initial' until the operator has chosen their own).
   */
  checkOverride(pin: string): 'ok' | 'wrong' | 'initial' {
    if (this.mustChange) return 'initial';
    return this.check(pin, 'booth').ok ? 'ok' : 'wrong';
  }

  change(currentPin: string, newPin: string, channel: PinChannel): PinCheck {
    const result = this.check(currentPin, channel);
    if (!result.ok) return result;
    this.save(newPin, false);
    this.store.audit.append({ at: this.store.now(), actor: 'operator', action: 'staff.pin_changed' });
    return { ok: true, mustChange: false };
  }

  private save(pin: string, mustChange: boolean): void {
    const salt = randomBytes(16);
    const stored: StoredPin = { salt: salt.toString('base64'), hash: hashPin(pin, salt).toString('base64'), mustChange };
    this.store.config.set(PIN_KEY, stored);
  }
}
