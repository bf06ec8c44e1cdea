// Splits a serial scanner's byte stream into scans: each ends with CR, LF or CRLF; oversized ones are dropped.

export type SerialFrame = { type: 'scan'; text: string } | { type: 'error'; error: { name: 'SerialFrameError'; reason: 'too_long' | 'not_text' } };

export class SerialFramer {
  private readonly maxLength: number;
  private pending: number[] = [];
  private overflowed = false;

  constructor(maxLength = 512) {
    this.maxLength = maxLength;
  }

  /** Feeds bytes as they arrive (scans may be split across reads or several may share one). */
  push(chunk: Uint8Array): SerialFrame[] {
    const out: SerialFrame[] = [];
    for (const b of chunk) {
      if (b === 0x0d || b === 0x0a) {
        const frame = this.take();
        if (frame) out.push(frame);
        continue;
      }
      if (this.overflowed) continue;
      this.pending.push(b);
      if (this.pending.length > this.maxLength) {
        this.overflowed = true;
        this.pending = [];
        out.push({ type: 'error', error: { name: 'SerialFrameError', reason: 'too_long' } });
      }
    }
    return out;
  }

  private take(): SerialFrame | null {
    const bytes = this.pending;
    const overflowed = this.overflowed;
    this.pending = [];
    this.overflowed = false;
    // CRLF leaves an empty frame between CR and LF; an overflowed frame was reported already
    if (overflowed || bytes.length === 0) return null;
    if (bytes.some((b) => b < 0x20 || b > 0x7e)) return { type: 'error', error: { name: 'SerialFrameError', reason: 'not_text' } };
    return { type: 'scan', text: String.fromCharCode(...bytes) };
  }
}
