// Where the photo tests put what they make from the shared eval data.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../scripts/models.ts';

export const OUT = path.join(projectRoot, 'test-output', 'photo');

/** Writes an image derived from the eval data (once) and returns its path. */
export async function derivedImage(name: string, make: () => Promise<Buffer>): Promise<string> {
  const file = path.join(OUT, 'derived', name);
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await make());
  }
  return file;
}
