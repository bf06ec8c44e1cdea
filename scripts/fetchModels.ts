// Fills resources/models/ with the pinned models: from the official URLs, falling back to
// a mirror folder (GRADBOOTH_MODEL_MIRROR, default ../shared/models when it exists). Every file is
// checked against its sha256; a wrong or missing model is reported, never used.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MODELS, modelsDir, projectRoot, type PinnedModel } from './models.ts';

const DOWNLOAD_TIMEOUT_MS = 20_000;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function mirrorDir(): string | null {
  const configured = process.env.GRADBOOTH_MODEL_MIRROR;
  if (configured) return path.resolve(configured);
  const sibling = path.resolve(projectRoot, '..', 'shared', 'models');
  return existsSync(sibling) ? sibling : null;
}

async function fromUrl(model: PinnedModel): Promise<Uint8Array> {
  const response = await fetch(model.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return model.derivedFrom ? derive(model, bytes) : bytes;
}

/** The upstream file rewritten as `derivedFrom` says; refused unless it is the pinned upstream file. */
function derive(model: PinnedModel, upstream: Uint8Array): Uint8Array {
  const from = model.derivedFrom;
  if (!from || sha256(upstream) !== from.sha256) throw new Error('upstream sha256 mismatch');
  const out = upstream.slice();
  for (const [offset, before, after] of from.patches) {
    if (out[offset] !== before) throw new Error(`unexpected byte at ${offset}`);
    out[offset] = after;
  }
  return out;
}

async function obtain(model: PinnedModel): Promise<{ bytes: Uint8Array; source: string }> {
  const problems: string[] = [];
  try {
    const bytes = await fromUrl(model);
    if (sha256(bytes) === model.sha256) return { bytes, source: model.url };
    problems.push(`${model.url}: sha256 mismatch`);
  } catch (err) {
    problems.push(`${model.url}: ${(err as Error).cause ? String((err as Error).cause) : (err as Error).message}`);
  }
  const mirror = mirrorDir();
  if (mirror) {
    const file = path.join(mirror, model.file);
    try {
      const bytes = new Uint8Array(await readFile(file));
      if (sha256(bytes) === model.sha256) return { bytes, source: file };
      problems.push(`${file}: sha256 mismatch`);
    } catch (err) {
      problems.push(`${file}: ${(err as Error).message}`);
    }
    // a mirror of the upstream file is derived as the download would be
    const upstream = path.join(mirror, path.basename(new URL(model.url).pathname));
    if (model.derivedFrom && existsSync(upstream)) {
      try {
        const bytes = derive(model, new Uint8Array(await readFile(upstream)));
        if (sha256(bytes) === model.sha256) return { bytes, source: `${upstream} (rewritten)` };
      } catch (err) {
        problems.push(`${upstream}: ${(err as Error).message}`);
      }
    }
  } else {
    problems.push('no mirror folder (set GRADBOOTH_MODEL_MIRROR)');
  }
  throw new Error(`cannot obtain ${model.file}:\n  ${problems.join('\n  ')}`);
}

export async function ensureModels(): Promise<string[]> {
  await mkdir(modelsDir, { recursive: true });
  const failures: string[] = [];
  for (const model of MODELS) {
    const target = path.join(modelsDir, model.file);
    if (existsSync(target) && sha256(new Uint8Array(await readFile(target))) === model.sha256) continue;
    try {
      const { bytes, source } = await obtain(model);
      await writeFile(`${target}.part`, bytes);
      await rename(`${target}.part`, target);
      console.log(`models: ${model.file} from ${source}`);
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  return failures;
}

if (import.meta.main) {
  const failures = await ensureModels();
  for (const f of failures) console.warn(`models: ${f}`);
  // An install must not fail for a missing model: the booth reports it on its health screen.
  if (failures.length > 0 && process.argv.includes('--strict')) process.exitCode = 1;
  else if (failures.length === 0) console.log(`models: all ${MODELS.length} present in ${path.relative(projectRoot, modelsDir)}`);
}
