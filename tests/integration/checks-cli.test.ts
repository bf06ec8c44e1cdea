// `npm run check -- IMAGE... --json` end to end: a real process, the real vision runtime started
// once, one JSON line per image with every rule; no face found means face.count fails.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../shared/checkResult.ts';
import { EVAL_DATA, PHOTOS } from '../unit/checkFixtures.ts';
import { projectRoot } from '../../scripts/models.ts';

const run = promisify(execFile);

describe('npm run check', () => {
  it('prints one JSON line per photo with every rule that applies to a raw photo', async () => {
    const images = [PHOTOS.idPhoto, PHOTOS.faceCrop, PHOTOS.noFace].map((p) => path.join(EVAL_DATA, p));
    const { stdout } = await run(process.execPath, [path.join(projectRoot, 'tools', 'check.ts'), ...images, '--json'], { cwd: projectRoot, timeout: 120_000 });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { image: string; rules: { id: string; verdict: string; value: number | null }[] });
    expect(lines.map((l) => l.image)).toEqual(images);
    const expected = RULE_IDS.filter((id) => !/^(file|geom|bg)\./.test(id));
    for (const line of lines) expect(line.rules.map((r) => r.id).sort()).toEqual([...expected].sort());
    const faceCount = (i: number): unknown => lines[i]?.rules.find((r) => r.id === 'face.count');
    expect(faceCount(0)).toMatchObject({ verdict: 'pass', value: 1 });
    expect(faceCount(1)).toMatchObject({ verdict: 'pass', value: 1 });
    expect(faceCount(2)).toMatchObject({ verdict: 'fail', value: 0 });
  });
});
