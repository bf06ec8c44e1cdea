// Validates one booth API call on its way in and out, for every host: a malformed message from
// the renderer, or a handler that returns something off-contract, is an error here, not downstream.
import { boothCalls, boothEvents, isBoothCallName, type BoothEventName, type BoothEventPayload, type BoothHandlers } from './boothApi.ts';

export class BoothApiError extends Error {
  readonly status: 400 | 404 | 500;
  constructor(status: 400 | 404 | 500, message: string) {
    super(message);
    this.status = status;
  }
}

export async function dispatchBoothCall(handlers: BoothHandlers, name: unknown, rawInput: unknown): Promise<unknown> {
  if (!isBoothCallName(name)) throw new BoothApiError(404, `unknown booth API call ${String(name)}`);
  const spec = boothCalls[name];
  const input = spec.input.safeParse(rawInput ?? {});
  if (!input.success) throw new BoothApiError(400, `invalid input for ${name}: ${input.error.message}`);
  // each handler is typed to its own call; the union here is what TypeScript cannot narrow
  const handler = handlers[name] as (input: unknown) => Promise<unknown>;
  const output = spec.output.safeParse(await handler(input.data));
  if (!output.success) throw new BoothApiError(500, `booth handler ${name} answered off-contract: ${output.error.message}`);
  return output.data;
}

/** Validates an event before a host sends it. */
export function checkBoothEvent<E extends BoothEventName>(event: E, payload: BoothEventPayload<E>): BoothEventPayload<E> {
  return boothEvents[event].parse(payload) as BoothEventPayload<E>;
}

