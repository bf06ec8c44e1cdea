// The renderer's booth API: the Electron preload's bridge when present, otherwise the web host's
// HTTP calls and WebSocket events. Every answer is checked against the shared schemas.
import {
  PRELOAD_GLOBAL, WEB_API_CALL_PATH, WEB_API_EVENTS_PATH, boothCalls, boothEvents,
  type BoothApi, type BoothCallName, type BoothEventName, type BoothEventPayload,
} from '../../shared/api/boothApi.ts';

type Listener = (payload: unknown) => void;

/** What the preload exposes: raw call and event subscription; validation happens here too. */
export interface PreloadBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

function fromBridge(bridge: PreloadBridge): BoothApi {
  return {
    async call(name, input) {
      return boothCalls[name].output.parse(await bridge.call(name, input)) as never;
    },
    on(event, listener) {
      return bridge.on(event, (payload) => listener(boothEvents[event].parse(payload) as never));
    },
  };
}

function fromWebHost(base: URL): BoothApi {
  const listeners = new Map<BoothEventName, Set<Listener>>();
  let socket: WebSocket | null = null;
  const connect = (): void => {
    const url = new URL(WEB_API_EVENTS_PATH, base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      const { event, payload } = JSON.parse(String(message.data)) as { event: BoothEventName; payload: unknown };
      const parsed = boothEvents[event]?.safeParse(payload);
      if (!parsed?.success) return;
      for (const listener of listeners.get(event) ?? []) listener(parsed.data);
    };
    // the booth host restarts during development; reconnect instead of going deaf
    socket.onclose = () => setTimeout(connect, 2000);
  };
  return {
    async call<N extends BoothCallName>(name: N, input: unknown) {
      const response = await fetch(new URL(WEB_API_CALL_PATH, base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call: name, input }) });
      const body: unknown = await response.json();
      if (!response.ok) throw new Error(`booth API ${name} failed (${response.status}): ${(body as { error?: string }).error ?? 'no detail'}`);
      return boothCalls[name].output.parse(body) as never;
    },
    on<E extends BoothEventName>(event: E, listener: (payload: BoothEventPayload<E>) => void) {
      if (!socket) connect();
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
}

export function connectBooth(): BoothApi {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[PRELOAD_GLOBAL];
  return bridge ? fromBridge(bridge) : fromWebHost(new URL('/', window.location.href));
}
