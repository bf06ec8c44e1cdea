// The staff screen's word on the face parser: what a booth with the model removed, or a deployer's
// broken contract, looks like to the operator.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parserHealth } from '../../electron/booth/staff/boothHealth.ts';
import { FACE_PARSER_CONTRACT, modelsDir, readFaceParserContract } from '../../scripts/models.ts';

const contract = readFaceParserContract();
const dirs: string[] = [];

async function modelsFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gradbooth-models-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the face parser on the health view', () => {
  it('is ready with the shipped contract and its model, and says what the weights are licensed for', async () => {
    const dir = await modelsFolder();
    await copyFile(FACE_PARSER_CONTRACT, path.join(dir, 'face-parser.json'));
    await copyFile(path.join(modelsDir, contract.model), path.join(dir, contract.model));
    expect(await parserHealth(dir)).toMatchObject({ state: 'ready', model: contract.model, detail: expect.stringContaining('non-commercial') });
  });

  it('is missing when the model file was removed, naming the file', async () => {
    const dir = await modelsFolder();
    await copyFile(FACE_PARSER_CONTRACT, path.join(dir, 'face-parser.json'));
    expect(await parserHealth(dir)).toEqual({ state: 'missing', model: contract.model, detail: `model file ${contract.model} not found` });
  });

  it('is missing when a deployer\'s contract does not follow the schema', async () => {
    const dir = await modelsFolder();
    await writeFile(path.join(dir, 'face-parser.json'), JSON.stringify({ ...contract, inputSize: 'big' }));
    const health = await parserHealth(dir);
    expect(health.state).toBe('missing');
    expect(health.detail).toMatch(/^no valid face-parser.json/);
  });
});
