// The booth behind the web host (development, tests, `npm start` without Electron): the real
// durable store in a data directory with a 0600 key file, the session log, the photo engine, the
// background runtime (job queue, review-service sync once enrolled, retention). Codes are resolved
// by the review service once the booth is enrolled; before that by the demo stand-in, so the flow
// can be tried without a service. Payment is the demo stand-in for now.
import path from 'node:path';
import type { Logger } from 'pino';
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import { keyFileProvider } from '../crypto/keyFileProvider.ts';
import { createBoothLog } from '../log/boothLog.ts';
import { SessionService } from '../session/sessionService.ts';
import { openBoothStore, type BoothStore } from '../store/boothStore.ts';
import { startBoothRuntime, type BoothRuntime } from '../boothRuntime.ts';
import type { BoothPorts } from './boothPorts.ts';
import { DEFAULT_BOOTH_CONFIG } from './defaultBoothConfig.ts';
import { DEMO_CODE_SHAPE, demoPay, demoResolver } from './inMemoryResolver.ts';
import { createStoreBoothPorts } from './storeBoothPorts.ts';
import { reviewServiceResolver } from './reviewServiceResolver.ts';
import { loadCredentials } from '../sync/boothCredentials.ts';
import { SignedClient } from '../sync/signedClient.ts';

const APP_VERSION = '0.1.0';

export interface WebHostBoothOptions {
  dataDir: string;
  config?: Partial<BoothConfig>;
  serviceUrl: string;
  operatorPin?: string;
  log?: Logger;
}

export interface WebHostBooth {
  ports: BoothPorts;
  store: BoothStore;
  runtime: BoothRuntime;
  close(): Promise<void>;
}

export async function openWebHostBooth(options: WebHostBoothOptions): Promise<WebHostBooth> {
  const log = options.log ?? createBoothLog({ level: 'warn' });
  const keyProvider = keyFileProvider({ path: path.join(options.dataDir, 'booth.key'), log });
  const store = await openBoothStore({ dir: options.dataDir, keyProvider, log });
  const config: BoothConfig = { ...DEFAULT_BOOTH_CONFIG, ...options.config };
  const dataKey = await keyProvider.loadKey();
  const runtime = startBoothRuntime({ store, dataKey, log, appVersion: APP_VERSION });
  // enrollment may happen while the host runs (the staff screen): look it up on each use
  const enrolled = () => loadCredentials(store, dataKey);
  const serviceResolver = reviewServiceResolver(() => {
    const c = enrolled();
    return c ? new SignedClient({ baseUrl: c.serviceUrl, boothId: c.boothId, privateKey: c.privateKey }) : null;
  }, () => config.categories);
  const ports = createStoreBoothPorts({
    store,
    sessions: new SessionService({ store, log }),
    config,
    codeShape: () => enrolled()?.codeShape ?? DEMO_CODE_SHAPE,
    resolver: (code, last4) => (enrolled() ? serviceResolver(code, last4) : demoResolver(code, last4)),
    pay: demoPay(config.payment.mode),
    serviceUrl: () => options.serviceUrl,
    operatorPin: options.operatorPin ?? '2468',
  });
  return {
    ports,
    store,
    runtime,
    async close() {
      await runtime.stop();
      store.close();
    },
  };
}
