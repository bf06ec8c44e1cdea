// node tools/contactSheet.ts SHEET.png DIR [DIR...]
// The standardized photos of the runner's output folders side by side, each tile labelled with its
// file name, to look at the cut-outs (hair, shoulders, leftover background) a set at a time.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const TILE = { width: 240, height: 320 } as const;
const COLUMNS = 8;
const LABEL_HEIGHT = 14;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function main(): Promise<void> {
  const [sheet, ...dirs] = process.argv.slice(2);
  if (!sheet || dirs.length === 0) throw new Error('usage: node tools/contactSheet.ts SHEET.png DIR [DIR...]');
  const files: string[] = [];
  for (const dir of dirs) files.push(...(await readdir(dir)).filter((n) => /\.jpe?g$/i.test(n)).sort().map((n) => path.join(dir, n)));
  const tiles = await Promise.all(files.map(async (file, k) => {
    const label = `<svg width="${TILE.width}" height="${LABEL_HEIGHT}"><rect width="100%" height="100%" fill="black"/>`
      + `<text x="2" y="11" font-size="10" font-family="sans-serif" fill="white">${k}: ${escapeXml(path.parse(file).name.slice(-36))}</text></svg>`;
    const photo = await sharp(file).resize(TILE.width, TILE.height).toBuffer();
    const input = await sharp(photo).composite([{ input: Buffer.from(label), top: 0, left: 0 }]).toBuffer();
    return { input, left: (k % COLUMNS) * TILE.width, top: Math.floor(k / COLUMNS) * TILE.height };
  }));
  const rows = Math.max(1, Math.ceil(files.length / COLUMNS));
  await sharp({ create: { width: COLUMNS * TILE.width, height: rows * TILE.height, channels: 3, background: '#ffffff' } })
    .composite(tiles).png().toFile(sheet);
  console.log(`${sheet}: ${files.length} photos`);
}

main().catch((err: Error) => {
  console.error(`contactSheet: ${err.message}`);
  process.exitCode = 1;
});
