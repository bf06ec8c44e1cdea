// What every staff view shares: the typed staff call, polling a call while the view is open, and
// how long ago something happened, in the operator's language.
import { useEffect, useState } from 'react';
import type { StaffCallInput, StaffCallName, StaffCallOutput } from '../../../shared/api/staffApi.ts';
import { useT } from '../i18n.tsx';

export type StaffCall = <N extends StaffCallName>(name: N, input: StaffCallInput<N>) => Promise<StaffCallOutput<N>>;

/** Polls one staff call every `ms` while mounted; `refresh` asks again at once. */
export function usePoll<N extends StaffCallName>(call: StaffCall, name: N, input: StaffCallInput<N>, ms = 2000): { data: StaffCallOutput<N> | null; error: string | null; refresh: () => void } {
  const [data, setData] = useState<StaffCallOutput<N> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    const load = () => call(name, JSON.parse(key) as StaffCallInput<N>).then(
      (out) => { if (live) { setData(out); setError(null); } },
      (e: unknown) => { if (live) setError(e instanceof Error ? e.message : String(e)); },
    );
    void load();
    const timer = setInterval(() => void load(), ms);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [call, name, key, ms, tick]);
  return { data, error, refresh: () => setTick((n) => n + 1) };
}

/** "3 分钟前" / "3 min ago" */
export function useAgo(): (at: number | null) => string {
  const t = useT();
  return (at) => {
    if (at === null) return t('无', 'never');
    return duration(Date.now() - at, t) + t('前', ' ago');
  };
}

export function duration(ms: number, t: (zh: string, en: string) => string): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t(`${s} 秒`, `${s} s`);
  if (s < 3600) return t(`${Math.round(s / 60)} 分钟`, `${Math.round(s / 60)} min`);
  if (s < 86_400) return t(`${Math.round(s / 360) / 10} 小时`, `${Math.round(s / 360) / 10} h`);
  return t(`${Math.round(s / 8640) / 10} 天`, `${Math.round(s / 8640) / 10} d`);
}
