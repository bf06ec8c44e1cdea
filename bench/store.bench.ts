// Benchmark of the booth store: accepted submissions per second (files fsync'd, commit
// synchronous=FULL) and the data dir's size per 1,000 submissions, with real photos.
// Run: node bench/store.bench.ts [count]   (scripts/bench.ts runs it with the default count)
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadPhotoPairs } from '../tests/integration/fixtures/boothPhotos.ts';
import { openTestStore, makeTempDir, removeDir, SAMPLE_CHECKS, samplePersonal } from '../tests/integration/fixtures/boothStoreSetup.ts';

const COUNT = Number(process.argv[2] ?? 300);

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}

const pairs = await loadPhotoPairs();
const root = await makeTempDir('bench-store');
try {
  const store = await openTestStore(root);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i++) {
    const p = pairs[i % pairs.length];
    if (!p) throw new Error('no photos');
    await store.acceptSubmission({ sessionId: null, standardizedJpeg: p.standardizedJpeg, originalJpeg: p.originalJpeg, checks: SAMPLE_CHECKS, metadata: { i, camera: 'bench' }, personal: samplePersonal(i) });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  store.close();
  // start-up repair reads and hashes every kept photo: what a restart costs with this many queued
  const t1 = process.hrtime.bigint();
  (await openTestStore(root)).close();
  const openMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const bytes = await dirBytes(path.join(root, 'data'));
  const photoBytes = pairs.reduce((s, p) => s + p.originalJpeg.length + p.standardizedJpeg.length, 0) / pairs.length;
  console.log(`bench: store_accept_per_s ${(COUNT / seconds).toFixed(1)} submissions/s`);
  console.log(`bench: store_bytes_per_1000 ${((bytes / COUNT) * 1000 / 1e6).toFixed(1)} MB`);
  console.log(`bench: store_photo_bytes_per_1000 ${((photoBytes * 1000) / 1e6).toFixed(1)} MB`);
  console.log(`bench: store_open_repair_ms_per_1000 ${((openMs / COUNT) * 1000).toFixed(0)} ms`);
} finally {
  await removeDir(root);
}
