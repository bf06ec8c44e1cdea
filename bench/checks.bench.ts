// Cost of the compliance checks: the live subset per 640x480 frame (it shares 2 cores with the
// landmarker at 25 fps, 40 ms a frame) and the full still set on a 2160x2880 photo.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeFiles } from '../tools/analysisCache.ts';
import { loadRgbImage } from '../tools/rgbImage.ts';
import { projectRoot } from '../scripts/models.ts';
import { runLiveChecks, runStillChecks } from '../shared/checks/runChecks.ts';
import { DEFAULT_BACKGROUND } from '../shared/photoStandard.ts';
import { EVAL_DATA } from '../tools/evalData.ts';

const evalData = EVAL_DATA;
const source = path.join(evalData, 'portraits-more', 'ToTheBeginning__PuLID__pengwei.jpg');
const config = { background: DEFAULT_BACKGROUND };

function timePerCall(fn: () => void, minMs: number): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    n++;
  }
  return (performance.now() - t0) / n;
}

const dir = path.join(projectRoot, 'test-output', 'bench');
await mkdir(dir, { recursive: true });
const framePath = path.join(dir, 'frame-640x480.png');
await sharp(source).rotate().resize(640, 480, { fit: 'cover', position: 'top' }).png().toFile(framePath);
const analyses = await analyzeFiles([framePath, source]);

const frameAnalysis = analyses.get(framePath);
const frame = await loadRgbImage(framePath);
const face = frameAnalysis?.faces[0];
if (!face) throw new Error('no face in the benchmark frame');
const live = timePerCall(() => runLiveChecks(face, frame, config), 2000);
console.log(`bench: live_checks_per_frame_ms ${live.toFixed(3)} ms`);

const stillAnalysis = analyses.get(source);
if (!stillAnalysis) throw new Error('no analysis of the benchmark still');
const still = await loadRgbImage(source);
const stillMs = timePerCall(() => runStillChecks(stillAnalysis, still, config), 3000);
console.log(`bench: still_checks_ms ${stillMs.toFixed(2)} ms`);
