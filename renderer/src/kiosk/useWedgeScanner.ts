// Listens for a keyboard-wedge scanner on the whole window: scanner bursts become codes, a person
// typing on a keyboard is told to use the scanner (the kiosk has no text field before the scan).
import { useEffect, useRef } from 'react';
import { KeyboardWedgeParser, type WedgeError, type WedgeOutput } from '../../../shared/scanner/keyboardWedge.ts';

/** after this long without a key, a burst from a scanner set up without an Enter suffix is complete */
const IDLE_CHECK_MS = 80;

export interface WedgeHandlers {
  onCode: (code: string) => void;
  onTyped: () => void;
  onError: (error: WedgeError) => void;
}

export function useWedgeScanner(enabled: boolean, handlers: WedgeHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const parser = new KeyboardWedgeParser();
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const deliver = (result: WedgeOutput | null): void => {
      if (!result) return;
      if (result.type === 'scanned') current.current.onCode(result.code);
      else if (result.type === 'typed') current.current.onTyped();
      else current.current.onError(result.error);
    };
    const onKey = (event: KeyboardEvent): void => {
      clearTimeout(idleTimer);
      deliver(parser.feed({ key: event.key, at: event.timeStamp }));
      idleTimer = setTimeout(() => deliver(parser.idle(performance.now())), IDLE_CHECK_MS);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(idleTimer);
      window.removeEventListener('keydown', onKey);
    };
  }, [enabled]);
}
