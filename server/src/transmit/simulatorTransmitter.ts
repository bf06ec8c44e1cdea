// The default ChsiTransmitter: writes one package folder per batch (the JPEGs named by submission,
// plus a manifest) and accepts every photo, so the 上网中 → 采集完成 path runs end to end.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApprovedPhoto, ChsiTransmitter, TransmitOutcome } from './chsiTransmitter.ts';

export class SimulatorTransmitter implements ChsiTransmitter {
  private readonly outDir: string;

  constructor(outDir: string) {
    this.outDir = outDir;
  }

  async transmit(batchId: string, photos: readonly ApprovedPhoto[]): Promise<TransmitOutcome[]> {
    const dir = path.join(this.outDir, batchId);
    await mkdir(dir, { recursive: true });
    for (const photo of photos) await writeFile(path.join(dir, `${photo.submissionId}.jpg`), photo.jpeg);
    const manifest = photos.map(({ submissionId, collectionCode, degreeCategory, school }) => ({ submissionId, collectionCode, degreeCategory, school }));
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify({ batchId, createdAt: new Date().toISOString(), photos: manifest }, null, 2));
    return photos.map((p) => ({ submissionId: p.submissionId, accepted: true, detail: 'simulator: written to package' }));
  }
}
