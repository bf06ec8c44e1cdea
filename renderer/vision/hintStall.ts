// When one live hint has held a student for a while without change, repeating it helps nobody: the
// guide then says what to try instead (a refusal: a still would get no photo) or offers the shutter
// with a note for the reviewer (a review rule: the photo can be made, a person decides).
import type { GuideNote } from '../../shared/sync/protocol.ts';
import { RETRY_ADVICE } from '../../shared/photo/refusals.ts';
import type { Hint } from './liveHints.ts';

/** How long one hint holds the student before the guide changes its tack. */
export const STALL_MS = 15_000;
/** Green this long (the hold before a countdown) counts as the student having moved on. */
const GREEN_RESETS_MS = 1_000;

export type Stall =
  | { kind: 'retry'; hint: Hint; heldMs: number; zh: string; en: string }
  | { kind: 'offer'; hint: Hint; heldMs: number; note: GuideNote };

export class HintStall {
  private hintId: string | null = null;
  private since = 0;
  private greenSince: number | null = null;

  /** The top hint of an observation (null: all green) at `now` ms; the stall once one hint has held for STALL_MS. */
  update(top: Hint | null, now: number): Stall | null {
    if (!top) {
      this.greenSince ??= now;
      if (now - this.greenSince >= GREEN_RESETS_MS) this.hintId = null;
      return null;
    }
    this.greenSince = null;
    if (top.id !== this.hintId) {
      this.hintId = top.id;
      this.since = now;
    }
    const heldMs = now - this.since;
    if (heldMs < STALL_MS) return null;
    if (top.refusal) return { kind: 'retry', hint: top, heldMs, ...RETRY_ADVICE[top.refusal] };
    return { kind: 'offer', hint: top, heldMs, note: { hintId: top.id, message_zh: top.zh, message_en: top.en, heldMs: Math.round(heldMs) } };
  }
}
