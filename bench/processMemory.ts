// Peak memory of the processes a benchmark started (Chromium's renderer, GPU and utility
// processes), read from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident memory (VmHWM) summed over the descendants of a process. */
export function descendantsPeakRssMb(root: number): number {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const below = (pid: number): boolean => parent.get(pid) === root || (parent.has(pid) && pid > 1 && below(parent.get(pid)!));
  let kb = 0;
  for (const pid of parent.keys()) {
    if (!below(pid)) continue;
    try {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // ended
    }
  }
  return kb / 1024;
}
