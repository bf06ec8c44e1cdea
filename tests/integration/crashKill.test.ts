// An accepted photo survives kill -9 at any moment: a real child process accepting submissions
// in a loop is SIGKILLed at random times; after each restart every submission is complete or
// absent, and every one the child reported as accepted is there. GRADBOOTH_LONG_TESTS=1: 200 kills.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPhotoPairs, writePayload, type PhotoPair } from './fixtures/boothPhotos.ts';
import { openTestStore, makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

const LONG = process.env.GRADBOOTH_LONG_TESTS === '1';
const KILLS = LONG ? 200 : 20;
/** a fresh data dir every this many kills keeps each restart's full hash check short */
const KILLS_PER_DIR = 20;
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'acceptLoop.ts');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let pairs: PhotoPair[];
let root: string;
beforeAll(async () => {
  pairs = await loadPhotoPairs();
  root = await makeTempDir('crash');
});
afterAll(async () => {
  await removeDir(root);
});

interface ChildRun {
  accepted: { id: string; payload: number }[];
  ready: boolean;
}

/** When to kill: a delay from spawn (lands in start-up and repair) or from the child's "ready" (lands in the accept loop). */
type KillAt = { fromSpawnMs: number } | { fromReadyMs: number };

/** Starts the child, SIGKILLs it at `at`, returns what it printed before dying. */
function runAndKill(dataRoot: string, payloadDir: string, at: KillAt): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataRoot, payloadDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    const kill = (ms: number) => {
      timer = setTimeout(() => child.kill('SIGKILL'), ms);
    };
    if ('fromSpawnMs' in at) kill(at.fromSpawnMs);
    child.stdout.on('data', (d: Buffer) => {
      const first = !out.includes('ready ');
      out += d.toString();
      if ('fromReadyMs' in at && first && out.includes('ready ')) kill(at.fromReadyMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself (code ${code}): ${err.slice(-2000)}`));
      const lines = out.split('\n');
      resolve({
        ready: lines.some((l) => l.startsWith('ready ')),
        accepted: lines.filter((l) => l.startsWith('accepted ')).map((l) => {
          const [, id, payload] = l.split(' ');
          return { id: id ?? '', payload: Number(payload) };
        }),
      });
    });
  });
}

describe('crash safety (kill -9)', () => {
  it(`every submission reported accepted survives ${KILLS} random kill -9s, and none is ever half-present`, async () => {
    const payloadDir = path.join(root, 'payload');
    const expected = await writePayload(payloadDir, pairs);
    const totals = { kills: 0, killedBeforeReady: 0, reported: 0, presentAfterRestart: 0, committedButUnreported: 0, orphanFilesRemoved: 0, sessionsAbandoned: 0 };

    let reported = new Set<string>();
    let dataRoot = '';
    for (let k = 0; k < KILLS; k++) {
      if (k % KILLS_PER_DIR === 0) {
        dataRoot = path.join(root, `run-${k}`);
        reported = new Set();
      }
      // random moments: one kill in four from spawn (start-up, repair), the rest inside the accept loop
      const at: KillAt = Math.random() < 0.25 ? { fromSpawnMs: 100 + Math.random() * 600 } : { fromReadyMs: Math.random() * 1000 };
      const run = await runAndKill(dataRoot, payloadDir, at);
      totals.kills += 1;
      if (!run.ready) totals.killedBeforeReady += 1;
      for (const a of run.accepted) reported.add(a.id);
      totals.reported += run.accepted.length;

      const store = await openTestStore(dataRoot);
      try {
        totals.orphanFilesRemoved += store.repairReport.orphanFilesRemoved;
        totals.sessionsAbandoned += store.repairReport.sessionsAbandoned;
        expect(store.integrityCheck()).toBe('ok');
        expect(store.repairReport.flagged, 'no submission may be half-present').toEqual([]);
        expect(store.sessions.unfinished()).toEqual([]);
        const present = store.listSubmissionIds('queued');
        for (const id of reported) expect(present, `reported ${id} lost after kill ${k + 1}`).toContain(id);
        for (const id of present) {
          const s = await store.readSubmissionForUpload(id);
          const want = expected[Number(s.metadata.payload)];
          expect(s.standardized.sha256).toBe(want?.standardized);
          expect(sha(s.standardized.jpeg)).toBe(want?.standardized);
          expect(sha(s.original.jpeg)).toBe(want?.original);
          expect(s.personal.code).toMatch(/^GBSIM1\.TESTCODE/);
        }
        totals.presentAfterRestart += run.accepted.filter((a) => present.includes(a.id)).length;
        // only the commit the kill interrupted before its id was printed can be present but unreported
        totals.committedButUnreported += present.filter((id) => !reported.has(id)).length;
        for (const id of present) reported.add(id);
        const files = await store.files.listAll();
        expect(files.filter((f) => f.startsWith('captures/')), 'captures of ended sessions are deleted').toEqual([]);
        expect(files.filter((f) => f.startsWith('photos/'))).toHaveLength(present.length * 2);
        expect(store.jobs.countsByKind()['submission.upload']?.pending ?? 0).toBe(present.length);
      } finally {
        store.close();
      }
    }
    console.log(`crash test: ${JSON.stringify(totals)}`);
    expect(totals.kills).toBe(KILLS);
    expect(totals.presentAfterRestart).toBe(totals.reported);
    // the kills must land while the child is accepting, or the test proves nothing
    expect(totals.reported).toBeGreaterThan(KILLS);
  }, LONG ? 1_800_000 : 240_000);
});
