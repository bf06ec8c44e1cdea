// The student session as a pure transition table (ARCHITECTURE §3): which event moves which state where.

export const SESSION_STATES = ['idle', 'scanned', 'verified', 'paid', 'posing', 'captured', 'reviewing', 'accepted', 'queued', 'abandoned'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SESSION_EVENTS = ['scan', 'verify', 'pay', 'pose', 'capture', 'review', 'retake', 'accept', 'queue', 'abandon'] as const;
export type SessionEvent = (typeof SESSION_EVENTS)[number];

/** A session in one of these has ended; nothing moves it again. */
export const FINAL_STATES: readonly SessionState[] = ['queued', 'abandoned'];

const TABLE: Readonly<Partial<Record<SessionState, Partial<Record<SessionEvent, SessionState>>>>> = {
  idle: { scan: 'scanned' },
  // a second scan replaces a mistaken one before verification
  scanned: { scan: 'scanned', verify: 'verified' },
  // free or voucher booths go straight to posing; paid booths pass through 'paid'
  verified: { pay: 'paid', pose: 'posing' },
  paid: { pose: 'posing' },
  posing: { capture: 'captured' },
  captured: { review: 'reviewing', retake: 'posing' },
  reviewing: { retake: 'posing', accept: 'accepted' },
  accepted: { queue: 'queued' },
};

/** The state `event` leads to from `state`, or null when the event is not allowed there. */
export function nextState(state: SessionState, event: SessionEvent): SessionState | null {
  if (event === 'abandon') return isFinal(state) ? null : 'abandoned';
  return TABLE[state]?.[event] ?? null;
}

/** The event that moves `from` to `to` (for callers that track states, not events), or null when none does. */
export function eventBetween(from: SessionState, to: SessionState): SessionEvent | null {
  return SESSION_EVENTS.find((e) => nextState(from, e) === to) ?? null;
}

export function isFinal(state: SessionState): boolean {
  return FINAL_STATES.includes(state);
}

/**
 * How long a session may sit in a state before the screen clears itself (privacy): short where a
 * student has walked away from personal data on screen, longer where they are posing.
 */
export const SESSION_TIMEOUT_MS: Readonly<Record<SessionState, number>> = {
  idle: 120_000,
  scanned: 120_000,
  verified: 180_000,
  // paying on a phone takes a while
  paid: 300_000,
  posing: 300_000,
  captured: 180_000,
  reviewing: 180_000,
  // 'accepted' becomes 'queued' within a second; a stuck one is ended like any other
  accepted: 60_000,
  queued: Infinity,
  abandoned: Infinity,
};

export function isTimedOut(state: SessionState, lastChangeAt: number, now: number): boolean {
  return now - lastChangeAt > SESSION_TIMEOUT_MS[state];
}

export function isSessionState(s: string): s is SessionState {
  return (SESSION_STATES as readonly string[]).includes(s);
}

export function isSessionEvent(s: string): s is SessionEvent {
  return (SESSION_EVENTS as readonly string[]).includes(s);
}
