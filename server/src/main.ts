// Entry point of the review service: `npm run server` (HOST/PORT, DATA_DIR or DATABASE_URL).
import './threadPool.ts';
import { startService } from './service.ts';

const service = await startService(process.env, { logger: true }).catch((error: unknown) => {
  console.error(`review service failed to start: ${error instanceof Error ? error.message : String(error)}`);
  console.error('check DATABASE_URL (PostgreSQL reachable?) or DATA_DIR (writable?) and start again');
  process.exit(1);
});
// the test harness and operators read this line to learn the bound address
console.log(`review service listening on ${service.url} (${service.ctx.dialect})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void service.close().then(() => process.exit(0));
  });
}
