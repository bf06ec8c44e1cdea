// Clears the session after a stretch without a touch, key or (while posing) a face in view, so
// the next student never sees the previous one's data.
import { useCallback, useEffect, useRef } from 'react';

export function useIdleTimeout(timeoutMs: number | null, onTimeout: () => void): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const callback = useRef(onTimeout);
  callback.current = onTimeout;
  const bump = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    if (timeoutMs !== null) timer.current = setTimeout(() => callback.current(), timeoutMs);
  }, [timeoutMs]);
  useEffect(() => {
    bump();
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, bump, { passive: true });
    return () => {
      if (timer.current) clearTimeout(timer.current);
      for (const e of events) window.removeEventListener(e, bump);
    };
  }, [bump]);
  return bump;
}
