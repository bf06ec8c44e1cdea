// `npm run demo:codes [-- --count N] [outDir]`: issues an encrypted test 采集码 for each of the first
// N demo students with the service's simulator key, writes each as a QR PNG and prints the last 4
// ID characters to type at the booth.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import QRCode from 'qrcode';
import { openContext } from '../service.ts';
import { closeDatabase } from '../db/database.ts';
import { DEMO_ROSTER, SimulatorResolver, simulatorKey } from '../codes/simulatorResolver.ts';
import { maskName } from '../codes/codeResolver.ts';

const args = process.argv.slice(2);
const countAt = args.indexOf('--count');
const count = countAt >= 0 ? Number(args.splice(countAt, 2)[1]) : 8;
if (!Number.isInteger(count) || count < 1 || count > DEMO_ROSTER.length) {
  console.error(`--count must be 1…${DEMO_ROSTER.length}`);
  process.exit(2);
}
const outDir = path.resolve(args[0] ?? '.data/demo-codes');
await mkdir(outDir, { recursive: true });
const ctx = await openContext(process.env);
try {
  const resolver = new SimulatorResolver(await simulatorKey(ctx.db));
  console.log(`demo 采集码 for the ${ctx.dialect} service, QR PNGs in ${outDir}`);
  console.log('file\tlast4\tname\t学历类别\tcode');
  for (const student of DEMO_ROSTER.slice(0, count)) {
    const code = resolver.issue(student.id);
    const file = path.join(outDir, `${student.id}.png`);
    await QRCode.toFile(file, code, { errorCorrectionLevel: 'M', margin: 2, width: 360 });
    console.log(`${path.basename(file)}\t${student.last4}\t${maskName(student.name)}\t${student.degreeCategory}\t${code}`);
  }
} finally {
  await closeDatabase(ctx);
}
