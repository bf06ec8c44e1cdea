// The one "code scanned" event: the serial scanner (main) and the keyboard wedge (renderer, via the booth API) both feed it.

export interface CodeScanned {
  source: 'serial' | 'wedge';
  /** raw scanned text; validate with codes/codeParser.ts before use */
  code: string;
  at: number;
}

export class ScanEvents {
  private readonly listeners = new Set<(e: CodeScanned) => void>();

  on(listener: (e: CodeScanned) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: CodeScanned): void {
    for (const l of this.listeners) l(e);
  }
}
