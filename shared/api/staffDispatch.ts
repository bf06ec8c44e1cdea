// Validates one staff API call on its way in and out, like dispatch.ts does for the booth API;
// the token travels beside the input, and a call without a live staff session is refused (401),
// as is anything but changing the PIN while the documented initial PIN is still in use (403).
import { BoothApiError } from './dispatch.ts';
import { isStaffCallName, staffCalls, type StaffHandlers } from './staffApi.ts';

export class StaffAuthError extends Error {
  readonly status: 401 | 403;
  constructor(status: 401 | 403, message: string) {
    super(message);
    this.status = status;
  }
}

export async function dispatchStaffCall(handlers: StaffHandlers, name: unknown, rawInput: unknown, token: unknown): Promise<unknown> {
  if (!isStaffCallName(name)) throw new BoothApiError(404, `unknown staff API call ${String(name)}`);
  const spec = staffCalls[name];
  const input = spec.input.safeParse(rawInput ?? {});
  if (!input.success) throw new BoothApiError(400, `invalid input for ${name}: ${input.error.message}`);
  const handler = handlers[name] as (input: unknown, token: string) => Promise<unknown>;
  const output = spec.output.safeParse(await handler(input.data, typeof token === 'string' ? token : ''));
  if (!output.success) throw new BoothApiError(500, `staff handler ${name} answered off-contract: ${output.error.message}`);
  return output.data;
}
