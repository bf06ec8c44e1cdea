// npm run bench [-- NAME...]: runs every bench/*.bench.ts (or those named) one after another, each
// in its own process so that one's memory and warm caches do not colour another's figures.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './models.ts';

const benchDir = path.join(projectRoot, 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
if (files.length === 0) {
  console.error(`bench: nothing matches ${wanted.join(' ')}`);
  process.exit(1);
}

/**
 * One core's speed on fixed work, printed first: these VMs' cores run at different speeds from one
 * machine to the next (the same code has measured 2x apart), so figures from two machines compare
 * only after dividing by these.
 */
function machineReference(): void {
  const block = Buffer.alloc(64 * 1024 * 1024, 0x5a);
  let t = performance.now();
  createHash('sha256').update(block).digest();
  console.log(`bench: machine_sha256_mb_per_s ${(64 / ((performance.now() - t) / 1000)).toFixed(0)} MB/s`);
  t = performance.now();
  let x = 0;
  for (let i = 0; i < 200_000_000; i += 1) x = (x + i * 7) % 1_000_003;
  console.log(`bench: machine_js_loop_ms ${(performance.now() - t).toFixed(0)} ms (checksum ${x})`);
}

machineReference();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, [path.join(benchDir, file)], { stdio: 'inherit', cwd: projectRoot });
  if (run.status !== 0) {
    failed++;
    console.error(`bench: ${file} exited with ${run.status ?? run.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
