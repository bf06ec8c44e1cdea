// What makes an accepted photo survive a power cut (not just kill -9): the real syscalls of one
// acceptSubmission, traced with strace, must follow the fsync ordering of docs/durability.md §2:
// photo data fsync'd before its rename, the directory fsync'd after the renames and before the
// database commit is written, and the WAL fsync'd before "accepted" is reported.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPhotoPairs } from './fixtures/boothPhotos.ts';
import { makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'acceptOnce.ts');
const CAN_TRACE = spawnSync('strace', ['-qq', '-e', 'trace=none', 'true']).status === 0;

interface Call {
  /** index of the trace line where the call started and where it returned */
  start: number;
  end: number;
  name: string;
  /** the path strace -y printed for the first fd argument, or the paths of a rename */
  fdPath: string | null;
  args: string;
}

/** Parses `strace -f -y` output into calls with start and completion positions (threads interleave). */
function parseTrace(text: string): Call[] {
  const calls: Call[] = [];
  const open = new Map<string, Call>();
  text.split('\n').forEach((line, i) => {
    // strace pads the pid column, so short pids are followed by several spaces
    const resumed = /^(\d+)\s+<\.\.\. (\w+) resumed>/.exec(line);
    if (resumed) {
      const c = open.get(resumed[1] ?? '');
      if (c) {
        c.end = i;
        open.delete(resumed[1] ?? '');
      }
      return;
    }
    const m = /^(\d+)\s+(\w+)\((.*)$/.exec(line);
    if (!m) return;
    const args = m[3] ?? '';
    const fd = /^\d+<([^>]*)>/.exec(args);
    const call: Call = { start: i, end: i, name: m[2] ?? '', fdPath: fd?.[1] ?? null, args };
    calls.push(call);
    if (line.includes('<unfinished ...>')) open.set(m[1] ?? '', call);
  });
  return calls;
}

let root: string;
beforeAll(async () => {
  root = await makeTempDir('powerloss');
});
afterAll(async () => {
  await removeDir(root);
});

describe.skipIf(!CAN_TRACE)('power-loss ordering of an accepted submission (needs strace)', () => {
  it('files are durable and their directory synced before the commit, and the commit is synced before "accepted"', async () => {
    const [p] = await loadPhotoPairs();
    if (!p) throw new Error('no photos');
    await mkdir(path.join(root, 'in'));
    await writeFile(path.join(root, 'in', 'o.jpg'), p.originalJpeg);
    await writeFile(path.join(root, 'in', 's.jpg'), p.standardizedJpeg);
    const traceFile = path.join(root, 'trace.log');
    const r = spawnSync('strace', [
      '-f', '-qq', '-y', '-s', '48', '-o', traceFile,
      '-e', 'trace=openat,write,pwrite64,writev,pwritev,fsync,fdatasync,rename,renameat,renameat2',
      process.execPath, FIXTURE, path.join(root, 'booth'), path.join(root, 'in', 'o.jpg'), path.join(root, 'in', 's.jpg'),
    ], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const all = parseTrace(await readFile(traceFile, 'utf8'));
    const begin = all.findIndex((c) => c.name === 'write' && c.args.includes('MARK-BEGIN-ACCEPT'));
    const accepted = all.findIndex((c) => c.name === 'write' && c.args.includes('MARK-ACCEPTED'));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(accepted).toBeGreaterThan(begin);
    const calls = all.slice(begin, accepted + 1);
    const acceptedAt = all[accepted]?.start ?? 0;
    const photosDir = path.join(root, 'booth', 'data', 'photos');
    const wal = path.join(root, 'booth', 'data', 'booth.sqlite-wal');

    const renames = calls.filter((c) => c.name.startsWith('rename') && c.args.includes(photosDir));
    expect(renames).toHaveLength(2);
    for (const rn of renames) {
      const [from] = [...rn.args.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      // 1. the photo's data is on disk before the rename makes it visible under its real name
      const dataSync = calls.find((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.fdPath === from);
      expect(dataSync, `no fsync of ${from}`).toBeDefined();
      expect(dataSync?.end ?? Infinity).toBeLessThan(rn.start);
    }
    const lastRename = Math.max(...renames.map((c) => c.end));
    const firstWalWrite = calls.find((c) => c.name.startsWith('pwrite') && c.fdPath === wal);
    expect(firstWalWrite, 'the commit writes the WAL').toBeDefined();
    // 2. the directory entries (the renames) are on disk before the database says "queued"
    const dirSync = calls.find((c) => c.name === 'fsync' && c.fdPath === photosDir && c.start > lastRename);
    expect(dirSync, 'no fsync of the photos directory after the renames').toBeDefined();
    expect(dirSync?.end ?? Infinity).toBeLessThan(firstWalWrite?.start ?? -1);
    // 3. the commit (last WAL write) is fsync'd before the caller hears "accepted"
    const walWrites = calls.filter((c) => c.name.startsWith('pwrite') && c.fdPath === wal);
    const lastWalWrite = Math.max(...walWrites.map((c) => c.end));
    const walSync = calls.find((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.fdPath === wal && c.start > lastWalWrite);
    expect(walSync, 'no WAL fsync after the commit frames').toBeDefined();
    expect(walSync?.end ?? Infinity).toBeLessThan(acceptedAt);
    console.log(`power-loss ordering: ${renames.length} renames, dir fsync at trace line ${dirSync?.end}, first WAL write at ${firstWalWrite?.start}, WAL fsync at ${walSync?.end}, accepted at ${acceptedAt}`);
  });
});
