// Personal data never reaches the booth's log: the redaction list covers it at any of three levels.
import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { createBoothLog, REDACTED } from '../../electron/booth/log/boothLog.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  return { lines, stream };
}

describe('booth log redaction', () => {
  it('code, last-4, name and personal objects are replaced, ids and states are kept', async () => {
    const { lines, stream } = capture();
    const log = createBoothLog({ destination: stream });
    log.info({ code: 'GBSIM1.SECRETCODE', last4: '8461', submissionId: '01J0000000000000000000000A', session: { state: 'verified', personal: { maskedName: '王*明' } } }, 'scan');
    log.warn({ attempt: { detail: { last4: '1234', maskedName: '李*' } } }, 'nested');
    const text = lines.join('');
    for (const secret of ['SECRETCODE', '8461', '王*明', '1234', '李*']) expect(text).not.toContain(secret);
    expect(text).toContain('01J0000000000000000000000A');
    expect(text).toContain('verified');
    expect(text.split(REDACTED).length - 1).toBe(5);
  });
});
