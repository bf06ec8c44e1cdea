// The staff screen's report: per booth-local day, sessions started, photos accepted, retakes per
// accepted photo, the most frequent failed rules, the average time per student; and the same as
// CSV for the last N days. Counts and rule ids only: nothing in it identifies a student.
import type { StaffCallOutput } from '../../../shared/api/staffApi.ts';
import type { BoothStore } from '../store/boothStore.ts';

type Report = StaffCallOutput<'staff.report'>;

/** 'YYYY-MM-DD' of a time in the booth's local time zone */
export function localDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function dayRange(day: string): [number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [new Date(y, m - 1, d).getTime(), new Date(y, m - 1, d + 1).getTime()];
}

export function dailyReport(store: BoothStore, day: string): Report {
  const [from, to] = dayRange(day);
  const f = store.reports.figures(from, to);
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return {
    day,
    sessions: f.sessions,
    accepted: f.accepted,
    retakesPerAccepted: f.accepted > 0 ? round1(f.retakes / f.accepted) : null,
    failedRules: f.failedRules.slice(0, 5),
    averageSecondsPerStudent: f.averageSessionMs === null ? null : Math.round(f.averageSessionMs / 1000),
  };
}

const CSV_HEADER = ['day', 'sessions', 'accepted', 'retakes_per_accepted', 'average_seconds_per_student', 'top_failed_rules'];

/** One row per day, newest last; rule ids with counts in one cell ("hair.ears:3 eyes.open:1"). */
export function reportCsv(store: BoothStore, days: number): string {
  const today = dayRange(localDay(store.now()))[0];
  const rows = [CSV_HEADER.join(',')];
  for (let back = days - 1; back >= 0; back--) {
    const start = new Date(today);
    start.setDate(start.getDate() - back);
    const r = dailyReport(store, localDay(start.getTime()));
    rows.push([r.day, r.sessions, r.accepted, r.retakesPerAccepted ?? '', r.averageSecondsPerStudent ?? '', r.failedRules.map((x) => `${x.ruleId}:${x.count}`).join(' ')].join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
