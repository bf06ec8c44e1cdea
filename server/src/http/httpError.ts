// An error with an HTTP status and a machine-readable code, turned into the protocol's error body.
import type { ErrorBody } from '../../../shared/sync/protocol.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly extra: Partial<ErrorBody>;

  constructor(status: number, code: string, message: string, extra: Partial<ErrorBody> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }

  body(): ErrorBody {
    return { error: this.code, message: this.message, ...this.extra };
  }
}
