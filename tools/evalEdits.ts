// Labelled positives the photo sets lack: physically sensible edits (tools/photoEdits.ts) of real
// booth-rules-dev photos: a blink, tinted or reflecting lenses, a rim across the eyes, side light,
// wrong exposure, red pupils. Each edited photo is saved and goes through the real vision models,
// and it is a positive of its own rule only; the negatives stay the real, unedited photos.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { analyzeFiles } from './analysisCache.ts';
import { EVAL_DATA } from './evalData.ts';
import { readCsv, type EvalSample } from './evalSets.ts';
import { closedEyes, exposure, lensGlare, redPupils, rimOverEyes, sideLight, tintLenses, type Photo } from './photoEdits.ts';
import { loadRgbImage } from './rgbImage.ts';
import { projectRoot } from '../scripts/models.ts';
import { checkContext } from '../shared/checks/runChecks.ts';
import { RULES } from '../shared/checks/registry.ts';
import type { RuleId } from '../shared/checkResult.ts';
import type { RgbImage } from '../shared/checks/image.ts';
import { DEFAULT_BACKGROUND } from '../shared/photoStandard.ts';

interface Edit {
  name: string;
  rule: RuleId;
  /** which base photos it applies to */
  bases: 'clear-eyes' | 'glasses';
  apply: (photo: Photo) => RgbImage;
}

const EDITS: readonly Edit[] = [
  { name: 'closed-eyes', rule: 'eyes.open', bases: 'clear-eyes', apply: closedEyes },
  { name: 'side-light', rule: 'light.balance', bases: 'clear-eyes', apply: sideLight },
  { name: 'plus-2.5ev', rule: 'light.exposure', bases: 'clear-eyes', apply: (p) => exposure(p, 2.5) },
  { name: 'minus-3ev', rule: 'light.exposure', bases: 'clear-eyes', apply: (p) => exposure(p, -3) },
  { name: 'red-pupils', rule: 'light.red_eye', bases: 'clear-eyes', apply: redPupils },
  { name: 'tinted-lenses', rule: 'glasses.tinted', bases: 'glasses', apply: tintLenses },
  { name: 'lens-glare', rule: 'glasses.glare', bases: 'glasses', apply: lensGlare },
  { name: 'rim-over-eyes', rule: 'glasses.frame_over_eyes', bases: 'glasses', apply: rimOverEyes },
];

/** How many clear-eyed photos each edit of that kind starts from. */
const CLEAR_EYED_BASES = 20;
const editDir = path.join(projectRoot, 'test-output', 'eval-edits');

/** Base photos: frontal, eyes open, sharp, big enough (clear-eyes, without glasses), or wearing glasses. */
function bases(): Record<Edit['bases'], string[]> {
  const rows = readCsv(path.join(EVAL_DATA, 'booth-rules-dev', 'labels.csv'));
  const frontal = rows.filter((r) => r.yaw_ok === '1' && r.eyes_open === '1' && r.blurry === '0' && Number(r.face_px) >= 180);
  return {
    'clear-eyes': frontal.filter((r) => r.glasses === '0').slice(0, CLEAR_EYED_BASES).map((r) => r.file ?? ''),
    glasses: rows.filter((r) => r.glasses === '1' && r.glasses_tinted === '0' && r.glasses_glare === '0').map((r) => r.file ?? ''),
  };
}

async function save(name: string, image: RgbImage): Promise<string> {
  const file = path.join(editDir, `${name}.png`);
  await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), { raw: { width: image.width, height: image.height, channels: image.channels } }).png().toFile(file);
  return file;
}

/** Every edit of every base, with every rule's result on it; `labels.edit` names the rule it is a positive of. */
export async function loadEdits(): Promise<EvalSample[]> {
  await mkdir(editDir, { recursive: true });
  const byKind = bases();
  const baseFiles = [...new Set(Object.values(byKind).flat())].map((f) => path.join(EVAL_DATA, 'booth-rules-dev', f));
  const baseAnalyses = await analyzeFiles(baseFiles);
  const made: { file: string; edit: Edit; base: string }[] = [];
  for (const base of baseFiles) {
    const analysis = baseAnalyses.get(base);
    if (!analysis?.faces[0]) continue;
    const photo: Photo = { file: base, analysis, image: await loadRgbImage(base) };
    for (const edit of EDITS.filter((e) => byKind[e.bases].includes(path.basename(base)))) {
      made.push({ file: await save(`${edit.name}__${path.parse(base).name}`, edit.apply(photo)), edit, base: path.basename(base) });
    }
  }
  const analyses = await analyzeFiles(made.map((m) => m.file));
  const samples: EvalSample[] = [];
  for (const m of made) {
    const analysis = analyses.get(m.file);
    if (!analysis) continue;
    const ctx = checkContext(analysis, await loadRgbImage(m.file), { background: DEFAULT_BACKGROUND });
    samples.push({ set: 'edits', name: `${m.edit.name} of ${m.base}`, results: new Map(RULES.map((r) => [r.id, r.check(ctx)] as const)), labels: { edit: m.edit.rule } });
  }
  return samples;
}
