// The booth's structured log (pino) with the redaction list that keeps personal data out of it.
import pino, { type Logger, type DestinationStream } from 'pino';

/** Field names that carry personal data anywhere in a log object (top level or up to two levels deep). */
const PERSONAL_FIELDS = ['code', 'collectionCode', 'last4', 'idNumber', 'idFragment', 'name', 'maskedName', 'school', 'category', 'personal', 'phone', 'jpeg', 'photo', 'standardizedJpeg', 'originalJpeg'];

export const REDACT_PATHS: string[] = PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export const REDACTED = '[redacted]';

export interface BoothLogOptions {
  level?: string;
  /** where lines go; stdout by default (the shell points it at a rotating file) */
  destination?: DestinationStream;
}

export function createBoothLog(opts: BoothLogOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { app: 'gradbooth' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    opts.destination ?? pino.destination(1),
  );
}
