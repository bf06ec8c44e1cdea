// Tells a keyboard-wedge scanner from a person at the keyboard by timing: a scanner "types" a
// whole code within a few milliseconds per key and ends it with Enter or Tab; people are slower.
// Pure: fed key events with timestamps, it returns what they were.

export interface WedgeKey {
  /** KeyboardEvent.key: one character, or a named key such as 'Enter' or 'Shift' */
  key: string;
  /** KeyboardEvent.timeStamp or any monotonic milliseconds */
  at: number;
}

export type WedgeErrorReason = 'control_character' | 'not_ascii' | 'too_long' | 'bad_event';

export interface WedgeError {
  name: 'WedgeError';
  reason: WedgeErrorReason;
  message_en: string;
}

export type WedgeOutput =
  | { type: 'scanned'; code: string }
  /** keys typed at human speed: leave them to the focused input */
  | { type: 'typed'; text: string }
  | { type: 'error'; error: WedgeError };

export interface KeyboardWedgeOptions {
  /** the longest gap between two keys of one scan; USB scanners send a key every 1–20 ms */
  maxGapMs?: number;
  /** shorter bursts are a person's quick double-tap, not a code */
  minLength?: number;
  maxLength?: number;
  terminators?: readonly string[];
}

const DEFAULTS = { maxGapMs: 50, minLength: 4, maxLength: 512, terminators: ['Enter', 'Tab'] };

const ERROR_TEXT: Record<WedgeErrorReason, string> = {
  control_character: 'the scanner sent a control character: set it to send plain text with an Enter suffix',
  not_ascii: 'the scanner sent non-ASCII characters: set its keyboard layout to US English',
  too_long: 'the scanned input is longer than any collection code',
  bad_event: 'a key event without a key name or with an invalid timestamp was ignored',
};

export class KeyboardWedgeParser {
  private readonly opts: Required<KeyboardWedgeOptions>;
  private buffer = '';
  private lastAt = Number.NEGATIVE_INFINITY;
  /** the current burst overflowed: swallow keys until its terminator or a pause */
  private overflowed = false;

  constructor(opts: KeyboardWedgeOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Feeds one key-down; returns what just completed, or null while a burst is still coming. */
  feed(ev: WedgeKey): WedgeOutput | null {
    if (typeof ev?.key !== 'string' || ev.key.length === 0 || typeof ev.at !== 'number' || !Number.isFinite(ev.at)) {
      return this.error('bad_event');
    }
    const gap = ev.at - this.lastAt;
    const paused = gap > this.opts.maxGapMs || gap < 0;

    if (this.opts.terminators.includes(ev.key)) {
      this.lastAt = ev.at;
      return this.finish(paused);
    }
    // named keys (Shift, CapsLock, arrows, F-keys) carry no character; a scanner's Shift comes with the letter
    if ([...ev.key].length > 1) return null;

    let out: WedgeOutput | null = null;
    if (paused && (this.buffer.length > 0 || this.overflowed)) {
      // a pause ends the burst: judged by its own gaps (a scanner without a suffix, or a person)
      out = this.finish(false);
    }
    this.lastAt = ev.at;
    if (this.overflowed) return out;

    const cp = ev.key.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) return this.error('control_character');
    if (cp > 0x7e) return this.error('not_ascii');
    this.buffer += ev.key;
    if (this.buffer.length > this.opts.maxLength) {
      this.overflowed = true;
      this.buffer = '';
      return this.error('too_long', false);
    }
    return out;
  }

  /**
   * Call when no key has come for a while (e.g. maxGapMs after the last one): completes a scan
   * from a scanner configured without a suffix.
   */
  idle(now: number): WedgeOutput | null {
    if (this.buffer.length === 0 && !this.overflowed) return null;
    if (!(now - this.lastAt > this.opts.maxGapMs)) return null;
    return this.finish(false);
  }

  private finish(pausedBeforeEnd: boolean): WedgeOutput | null {
    const text = this.buffer;
    // every gap inside the buffer was fast (a pause starts a new burst), so only the gap before the end can betray a person
    const fast = !pausedBeforeEnd;
    const overflowed = this.overflowed;
    this.reset();
    if (overflowed || text.length === 0) return null;
    if (fast && text.length >= this.opts.minLength) return { type: 'scanned', code: text };
    return { type: 'typed', text };
  }

  private error(reason: WedgeErrorReason, reset = true): WedgeOutput {
    if (reset) this.reset();
    return { type: 'error', error: { name: 'WedgeError', reason, message_en: ERROR_TEXT[reason] } };
  }

  private reset(): void {
    this.buffer = '';
    this.overflowed = false;
  }
}
