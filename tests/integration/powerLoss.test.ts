// An accepted photo survives a power cut, not only kill -9: the crash child runs on a
// fault-injecting FUSE file system (fixtures/lazyFs.py) that keeps writes in memory until fsync;
// at a random moment the test "cuts the power" (everything not fsync'd is dropped, later writes
// fail), kills the child, and opens the store on what reached the backing disk. Every reported
// submission must be there and none half-present. GRADBOOTH_LONG_TESTS=1: 60 cuts instead of 8.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPhotoPairs, writePayload } from './fixtures/boothPhotos.ts';
import { openTestStore, makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

const LONG = process.env.GRADBOOTH_LONG_TESTS === '1';
const CUTS = LONG ? 60 : 8;
const CUTS_PER_DIR = 8;
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** Debian's python3-fusepy installs for the system Python */
const PYTHON = '/usr/bin/python3';
const CAN_FUSE = process.getuid?.() === 0 && existsSync('/dev/fuse') && spawnSync(PYTHON, ['-c', 'import fusepy']).status === 0;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function mounted(mnt: string): Promise<boolean> {
  return (await readFile('/proc/mounts', 'utf8')).split('\n').some((l) => l.split(' ')[1] === mnt);
}

/** Mounts the lazy file system over `backing` at `mnt`; resolves once the kernel lists it. */
async function mountLazyFs(backing: string, mnt: string): Promise<ChildProcess> {
  const fs = spawn(PYTHON, [path.join(FIXTURES, 'lazyFs.py'), backing, mnt], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  fs.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  for (let i = 0; i < 100; i++) {
    if (await mounted(mnt)) return fs;
    if (fs.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`lazy FUSE file system did not mount at ${mnt}: ${err.slice(-1000)}`);
}

async function unmount(fs: ChildProcess, mnt: string): Promise<void> {
  const exited = new Promise<void>((resolve) => (fs.exitCode !== null ? resolve() : fs.on('exit', () => resolve())));
  spawnSync('umount', [mnt]);
  await Promise.race([exited, sleep(5000)]);
  if (fs.exitCode === null) fs.kill('SIGKILL');
  if (await mounted(mnt)) spawnSync('umount', ['-l', mnt]);
}

let root: string;
beforeAll(async () => {
  root = await makeTempDir('powercut');
});
afterAll(async () => {
  await removeDir(root);
});

describe.skipIf(!CAN_FUSE)('power loss (fault-injecting FUSE file system; needs root, /dev/fuse, python3-fusepy)', () => {
  it(`every submission reported accepted survives ${CUTS} random power cuts, and none is ever half-present`, async () => {
    const pairs = await loadPhotoPairs();
    const payloadDir = path.join(root, 'payload');
    const expected = await writePayload(payloadDir, pairs);
    const mnt = path.join(root, 'mnt');
    await mkdir(mnt);
    const totals = { cuts: 0, reported: 0, presentAfterRestart: 0, orphanFilesRemoved: 0, sessionsAbandoned: 0 };
    let backing = '';
    let reported = new Set<string>();

    for (let k = 0; k < CUTS; k++) {
      if (k % CUTS_PER_DIR === 0) {
        backing = path.join(root, `disk-${k}`);
        await mkdir(backing);
        reported = new Set();
      }
      const fs = await mountLazyFs(backing, mnt);
      let out = '';
      try {
        const child = spawn(process.execPath, [path.join(FIXTURES, 'acceptLoop.ts'), path.join(mnt, 'booth'), payloadDir], { stdio: ['ignore', 'pipe', 'pipe'] });
        const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const ready = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready ')) resolve();
        }));
        await Promise.race([ready, exited]);
        expect(out, `child did not start on the lazy file system: ${stderr.slice(-1500)}`).toContain('ready ');
        await sleep(Math.random() * 1500);
        // the power cut: unsynced data is gone the moment this write returns
        await writeFile(path.join(mnt, '.powercut'), 'now');
        child.kill('SIGKILL');
        await exited;
      } finally {
        await unmount(fs, mnt);
      }
      totals.cuts += 1;
      const accepted = out.split('\n').filter((l) => l.startsWith('accepted ')).map((l) => l.split(' ')[1] ?? '');
      for (const id of accepted) reported.add(id);
      totals.reported += accepted.length;

      // what reached the disk, opened without the lazy layer
      const store = await openTestStore(path.join(backing, 'booth'));
      try {
        totals.orphanFilesRemoved += store.repairReport.orphanFilesRemoved;
        totals.sessionsAbandoned += store.repairReport.sessionsAbandoned;
        expect(store.integrityCheck()).toBe('ok');
        expect(store.repairReport.flagged, 'no submission may be half-present after a power cut').toEqual([]);
        const present = store.listSubmissionIds('queued');
        for (const id of reported) expect(present, `reported ${id} lost in power cut ${k + 1}`).toContain(id);
        for (const id of present) {
          const s = await store.readSubmissionForUpload(id);
          const want = expected[Number(s.metadata.payload)];
          expect(sha(s.standardized.jpeg)).toBe(want?.standardized);
          expect(sha(s.original.jpeg)).toBe(want?.original);
        }
        totals.presentAfterRestart += accepted.filter((id) => present.includes(id)).length;
        for (const id of present) reported.add(id);
      } finally {
        store.close();
      }
    }
    console.log(`power-cut test: ${JSON.stringify(totals)}`);
    expect(totals.presentAfterRestart).toBe(totals.reported);
    expect(totals.reported).toBeGreaterThan(CUTS);
  }, LONG ? 1_800_000 : 240_000);
});
