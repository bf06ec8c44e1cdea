// The live guide changing tack when one hint has held the student: what it says, and when the
// clock starts again.
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../shared/checks/messages.ts';
import { RETRY_ADVICE, REFUSALS } from '../../shared/photo/refusals.ts';
import { HintStall, STALL_MS } from '../../renderer/vision/hintStall.ts';
import type { Hint } from '../../renderer/vision/liveHints.ts';

const headTop: Hint = { id: 'frame.head_top', ok: false, ...REFUSALS.head_cut_off, refusal: 'head_cut_off' };
const [pitchZh, pitchEn] = messagesFor('pose.pitch').fail;
const pitch: Hint = { id: 'pose.pitch', ok: false, zh: pitchZh, en: pitchEn, refusal: null };

/** Feeds one observation every 100 ms from `from` to `to` ms; returns the last stall. */
function feed(stall: HintStall, hint: Hint | null, from: number, to: number): ReturnType<HintStall['update']> {
  let last = null;
  for (let t = from; t <= to; t += 100) last = stall.update(hint, t);
  return last;
}

describe('a hint that holds the student', () => {
  it('is repeated until it has held for STALL_MS', () => {
    const stall = new HintStall();
    expect(feed(stall, pitch, 0, STALL_MS - 100)).toBeNull();
    expect(stall.update(pitch, STALL_MS)).not.toBeNull();
  });

  it('that foresees a refusal is followed by what to try instead: a shutter would bring the refusal', () => {
    const stall = new HintStall();
    expect(feed(stall, headTop, 0, STALL_MS)).toEqual({ kind: 'retry', hint: headTop, heldMs: STALL_MS, ...RETRY_ADVICE.head_cut_off });
  });

  it('of a review rule offers the shutter with a note naming the hint, its words and how long it held', () => {
    const stall = new HintStall();
    expect(feed(stall, pitch, 0, STALL_MS + 2000)).toEqual({
      kind: 'offer', hint: pitch, heldMs: STALL_MS + 2000,
      note: { hintId: 'pose.pitch', message_zh: pitch.zh, message_en: pitch.en, heldMs: STALL_MS + 2000 },
    });
  });

  it('starts the clock again when another hint comes first (the student fixed something)', () => {
    const stall = new HintStall();
    feed(stall, headTop, 0, STALL_MS - 1000);
    expect(feed(stall, pitch, STALL_MS - 900, STALL_MS + 1000)).toBeNull();
    expect(feed(stall, pitch, STALL_MS + 1100, 2 * STALL_MS - 900)?.kind).toBe('offer');
  });

  it('keeps its clock through a green flicker, but not through a second of green', () => {
    const flicker = new HintStall();
    feed(flicker, pitch, 0, 8000);
    feed(flicker, null, 8100, 8500);
    expect(feed(flicker, pitch, 8600, STALL_MS)?.kind).toBe('offer');

    const settled = new HintStall();
    feed(settled, pitch, 0, 8000);
    feed(settled, null, 8100, 9200);
    expect(feed(settled, pitch, 9300, STALL_MS + 5000)).toBeNull();
  });
});
