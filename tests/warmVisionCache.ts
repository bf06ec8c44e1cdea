// Vitest global setup: the vision results of every shared image the tests read, computed once in
// one headless Chromium before any test starts. On a clean clone the cache is empty; without this,
// test files running side by side would each start Chromium for the same photos, and a test that
// reads a whole set would spend its own time limit on the models (the face parser is ~0.5 s a photo).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { analyzeFiles } from '../tools/analysisCache.ts';
import { EVAL_DATA } from '../tools/evalData.ts';

const SETS = ['booth-rules-dev', 'portraits-hivision', 'portraits-more', 'celeba-attr-32/images', 'ffhq-features-10/images', 'matting-p3m-demo-pseudoalpha/original'];

export default async function warmVisionCache(): Promise<void> {
  const files: string[] = [];
  for (const set of SETS) {
    const dir = path.join(EVAL_DATA, set);
    for (const f of (await readdir(dir)).sort()) if (/\.(jpe?g|png|webp)$/i.test(f)) files.push(path.join(dir, f));
  }
  const t0 = performance.now();
  await analyzeFiles(files);
  console.log(`vision cache: ${files.length} shared images ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
