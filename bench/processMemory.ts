// The memory of a set of processes read from /proc (Linux): proportional set size (PSS, from
// smaps_rollup: each shared page divided among the processes that map it, so the sum is what the
// set really uses) and peak resident size (VmHWM, which counts shared pages once per process).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessSample {
  pid: number;
  /** what the process is: "booth (node)", "chromium browser", "chromium renderer" … */
  label: string;
  pssMb: number;
}

function readKb(file: string, field: string): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0; // the process ended while we looked
  }
}

/** Every process below `root` (children, grandchildren …). */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended
    }
  }
  const below = (pid: number): boolean => parent.get(pid) === root || (parent.has(pid) && pid > 1 && below(parent.get(pid)!));
  return [...parent.keys()].filter(below);
}

/** The arguments; Chromium's child processes rewrite theirs into one space-separated title. */
function commandLine(pid: number): string[] {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return args.length === 1 ? args[0]!.split(' ') : args;
  } catch {
    return [];
  }
}

const CHROMIUM_PROGRAMS = new Set(['chromium', 'chrome', 'chromium-headless-shell', 'headless_shell']);

export function isChromium(pid: number): boolean {
  return CHROMIUM_PROGRAMS.has((commandLine(pid)[0] ?? '').split('/').pop()!);
}

/** A Chromium process by its --type (and utility sub-type); anything else by its program name. */
export function processLabel(pid: number): string {
  const args = commandLine(pid);
  if (!isChromium(pid)) return (args[0] ?? '?').split('/').pop()!;
  const flag = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = flag('type');
  if (!type) return 'chromium browser';
  const sub = flag('utility-sub-type');
  return `chromium ${type}${sub ? ` ${sub.split('.').pop()}` : ''}`;
}

export const pssMb = (pid: number): number => readKb(`/proc/${pid}/smaps_rollup`, 'Pss') / 1024;
export const peakRssMb = (pid: number): number => readKb(`/proc/${pid}/status`, 'VmHWM') / 1024;

/**
 * Samples the PSS of a changing set of processes until stopped; keeps the sample whose total was
 * highest (with its per-process breakdown) and each process's peak RSS.
 */
export class MemorySampler {
  peak: { totalMb: number; processes: ProcessSample[] } = { totalMb: 0, processes: [] };
  private readonly peakRss = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(pids: () => number[], labels: (pid: number) => string, intervalMs = 250) {
    this.timer = setInterval(() => {
      const processes = pids().map((pid) => ({ pid, label: labels(pid), pssMb: pssMb(pid) })).filter((p) => p.pssMb > 0);
      const totalMb = processes.reduce((sum, p) => sum + p.pssMb, 0);
      if (totalMb > this.peak.totalMb) this.peak = { totalMb, processes };
      for (const { pid } of processes) this.peakRss.set(pid, Math.max(this.peakRss.get(pid) ?? 0, peakRssMb(pid)));
    }, intervalMs);
  }

  /** Sum of per-process peak RSS (counts shared pages once per process: kept for comparison). */
  peakRssMb(which: (pid: number) => boolean): number {
    return [...this.peakRss].filter(([pid]) => which(pid)).reduce((sum, [, mb]) => sum + mb, 0);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
