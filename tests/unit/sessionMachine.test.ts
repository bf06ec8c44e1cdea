// The session state machine allows exactly the student flow of ARCHITECTURE §3.
import { describe, it, expect } from 'vitest';
import { nextState, isFinal, isTimedOut, eventBetween, SESSION_STATES, SESSION_EVENTS, SESSION_TIMEOUT_MS, type SessionState, type SessionEvent } from '../../shared/session/sessionMachine.ts';

function run(events: SessionEvent[]): SessionState | null {
  let s: SessionState | null = 'idle';
  for (const e of events) s = s === null ? null : nextState(s, e);
  return s;
}

describe('session state machine', () => {
  it('a free booth goes idle → scanned → verified → posing → captured → reviewing → accepted → queued', () => {
    expect(run(['scan', 'verify', 'pose', 'capture', 'review', 'accept', 'queue'])).toBe('queued');
  });

  it('a paid booth passes through paid, and a retake goes back to posing', () => {
    expect(run(['scan', 'verify', 'pay', 'pose', 'capture', 'review', 'retake', 'capture', 'review', 'accept', 'queue'])).toBe('queued');
    expect(run(['scan', 'verify', 'pose', 'capture', 'retake'])).toBe('posing');
  });

  it('no shortcut: a photo cannot be accepted or queued without being captured and reviewed', () => {
    expect(run(['scan', 'accept'])).toBeNull();
    expect(run(['scan', 'verify', 'pose', 'accept'])).toBeNull();
    expect(run(['scan', 'verify', 'pose', 'capture', 'queue'])).toBeNull();
    expect(run(['pose'])).toBeNull();
  });

  it('every unfinished state can be abandoned; finished ones cannot move at all', () => {
    for (const s of SESSION_STATES) {
      for (const e of SESSION_EVENTS) {
        const to = nextState(s, e);
        if (isFinal(s)) expect(to, `${s} --${e}`).toBeNull();
        else if (e === 'abandon') expect(to).toBe('abandoned');
      }
    }
  });

  it('every state except the final ones times out, so the screen always clears itself', () => {
    for (const s of SESSION_STATES) {
      expect(isTimedOut(s, 0, 24 * 3_600_000)).toBe(!isFinal(s));
      if (!isFinal(s)) expect(isTimedOut(s, 0, SESSION_TIMEOUT_MS[s])).toBe(false);
    }
  });
});

describe('eventBetween (for callers that report states)', () => {
  it('finds the event for each step of the flow, including retake and abandon, and none for a jump', () => {
    expect(eventBetween('idle', 'scanned')).toBe('scan');
    expect(eventBetween('reviewing', 'posing')).toBe('retake');
    expect(eventBetween('posing', 'abandoned')).toBe('abandon');
    expect(eventBetween('idle', 'accepted')).toBeNull();
    expect(eventBetween('queued', 'abandoned')).toBeNull();
  });
});
