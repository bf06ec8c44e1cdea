// Vision results of image files, computed once in one headless vision runtime and kept on disk by
// content hash, so the check evaluation, the check tests and the benchmark never re-run the models
// on an image they have already seen.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HeadlessVision, visionFingerprint, visionInput } from './headlessVision.ts';
import { fromWire, toWire } from '../shared/vision/analysisWire.ts';
import { projectRoot } from '../scripts/models.ts';
import type { StillAnalysis, StillAnalysisWire } from '../shared/vision/stillAnalysis.ts';

const cacheDir = path.join(projectRoot, 'test-output', 'vision-cache');

async function cacheKey(file: string, fingerprint: string): Promise<string> {
  // the vision code and models are part of the key: results change with them
  return createHash('sha256').update(await readFile(file)).update(fingerprint).digest('hex').slice(0, 24);
}

/** The vision results of each file, from the cache or from one vision runtime started only if needed. */
export async function analyzeFiles(files: readonly string[]): Promise<Map<string, StillAnalysis>> {
  await mkdir(cacheDir, { recursive: true });
  const results = new Map<string, StillAnalysis>();
  const fingerprint = await visionFingerprint();
  let vision: HeadlessVision | null = null;
  try {
    for (const file of files) {
      const cached = path.join(cacheDir, `${await cacheKey(file, fingerprint)}.json`);
      try {
        results.set(file, fromWire(JSON.parse(await readFile(cached, 'utf8')) as StillAnalysisWire));
        continue;
      } catch {
        // not cached yet
      }
      vision ??= await HeadlessVision.start();
      const { small, width, height } = await visionInput(file);
      const analysis = await vision.analyze(small, width, height);
      // write then rename: a parallel reader never sees half a file
      const partial = `${cached}.${process.pid}.tmp`;
      await writeFile(partial, JSON.stringify(toWire(analysis)));
      await rename(partial, cached);
      results.set(file, analysis);
    }
  } finally {
    await vision?.close();
  }
  return results;
}
