// The booth's health for the staff screen: disk and store size, the review service's reachability
// and clock skew (its unsigned /health probe carries its time), the models on disk and whether the
// face parser is configured, the store's
// integrity check. Camera and scanner facts come from the staff desk.
import { readdir, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { readFaceParserContract } from '../../../scripts/models.ts';
import { API_PREFIX } from '../../../shared/sync/protocol.ts';

export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

export async function diskFreeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

export interface ServiceProbe {
  url: string | null;
  reachable: boolean;
  latencyMs: number | null;
  /** booth clock minus service clock, estimated at the middle of the round trip */
  clockSkewMs: number | null;
  error: string | null;
}

export async function probeService(url: string | null, now: () => number = Date.now, timeoutMs = 3000): Promise<ServiceProbe> {
  if (!url) return { url, reachable: false, latencyMs: null, clockSkewMs: null, error: 'not enrolled' };
  const sent = now();
  try {
    const res = await fetch(new URL(`${API_PREFIX}/health`, url), { signal: AbortSignal.timeout(timeoutMs) });
    const received = now();
    const body = (await res.json()) as { serverTime?: unknown };
    if (!res.ok || typeof body.serverTime !== 'number') return { url, reachable: false, latencyMs: received - sent, clockSkewMs: null, error: `HTTP ${res.status}` };
    return { url, reachable: true, latencyMs: received - sent, clockSkewMs: Math.round((sent + received) / 2 - body.serverTime), error: null };
  } catch (error) {
    return { url, reachable: false, latencyMs: null, clockSkewMs: null, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function modelFiles(dir: string): Promise<{ name: string; bytes: number }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const models = names.filter((n) => n.endsWith('.task') || n.endsWith('.tflite')).sort();
  return Promise.all(models.map(async (name) => ({ name, bytes: (await stat(path.join(dir, name))).size })));
}

export interface ParserHealth {
  /** ready: contract and model in place; missing: the parser rules warn for the reviewer and never block */
  state: 'ready' | 'missing';
  model: string | null;
  detail: string;
}

/** The face parser as the kiosk will find it: models/face-parser.json and the model it names. */
export async function parserHealth(dir: string): Promise<ParserHealth> {
  let contract;
  try {
    contract = readFaceParserContract(path.join(dir, 'face-parser.json'));
  } catch (err) {
    return { state: 'missing', model: null, detail: `no valid face-parser.json: ${(err as Error).message.split('\n')[0]}` };
  }
  const size = await stat(path.join(dir, contract.model)).then((s) => s.size, () => 0);
  if (size === 0) return { state: 'missing', model: contract.model, detail: `model file ${contract.model} not found` };
  return { state: 'ready', model: contract.model, detail: contract.licence };
}
