// The staff screen's API: the Electron staff window's preload bridge when present, otherwise the
// web host's staff route with the session token as a bearer token. Every answer is validated; a
// refused session (expired, locked, or the initial PIN still in use) surfaces as StaffSessionError.
import { PRELOAD_STAFF_GLOBAL, WEB_STAFF_CALL_PATH, staffCalls, type StaffCallInput, type StaffCallName, type StaffCallOutput } from '../../../shared/api/staffApi.ts';

export class StaffSessionError extends Error {
  readonly status: 401 | 403;
  constructor(status: 401 | 403, message: string) {
    super(message);
    this.status = status;
  }
}

/** What the staff window's preload exposes: a raw call with the token; validation happens here. */
interface StaffBridge {
  call(name: string, input: unknown, token: string): Promise<{ status: number; body: unknown }>;
}

export interface StaffClient {
  call<N extends StaffCallName>(name: N, input: StaffCallInput<N>): Promise<StaffCallOutput<N>>;
  setToken(token: string | null): void;
}

export function connectStaff(): StaffClient {
  const bridge = (window as unknown as Record<string, StaffBridge | undefined>)[PRELOAD_STAFF_GLOBAL];
  let token = '';
  const send = async (name: string, input: unknown): Promise<{ status: number; body: unknown }> => {
    if (bridge) return bridge.call(name, input, token);
    const response = await fetch(new URL(WEB_STAFF_CALL_PATH, window.location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ call: name, input }),
    });
    return { status: response.status, body: await response.json() };
  };
  return {
    async call(name, input) {
      const { status, body } = await send(name, input);
      const detail = (body as { error?: string } | null)?.error ?? 'no detail';
      if (status === 401 || status === 403) throw new StaffSessionError(status, detail);
      if (status !== 200) throw new Error(`staff API ${name} failed (${status}): ${detail}`);
      return staffCalls[name].output.parse(body) as never;
    },
    setToken(next) {
      token = next ?? '';
    },
  };
}
