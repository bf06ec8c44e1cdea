// Assembles the service from its environment: database, object store, resolver, transmitter.
// Used by main.ts and by the tools (createAdmin, demoCodes) so they all open the same stores.
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { closeDatabase, openDatabase } from './db/database.ts';
import { LocalDiskStore } from './objects/localDiskStore.ts';
import { S3ObjectStore } from './objects/s3ObjectStore.ts';
import type { ObjectStore } from './objects/objectStore.ts';
import { SimulatorResolver, simulatorKey } from './codes/simulatorResolver.ts';
import { GuessLimiter } from './codes/guessLimiter.ts';
import { SimulatorTransmitter } from './transmit/simulatorTransmitter.ts';
import { BoothAuthenticator } from './auth/boothSignature.ts';
import { TrustedBrowsers } from './auth/trustedBrowser.ts';
import { buildApp } from './app.ts';
import type { ServiceContext } from './serviceContext.ts';
import { runTransmissionBatch } from './transmit/transmissionRun.ts';
import { openPayment, paymentWarning, type PaymentEnv } from './payment/paymentContext.ts';
import { runRefundSweep } from './payment/refundSweepRun.ts';

export interface ServiceEnv extends PaymentEnv {
  HOST?: string;
  PORT?: string;
  DATA_DIR?: string;
  DATABASE_URL?: string;
  TRANSMIT_INTERVAL_MS?: string;
  DB_POOL_SIZE?: string;
  /** 'disk' (default, under DATA_DIR) or 's3' (the S3_* settings) */
  OBJECT_STORE?: string;
  S3_ENDPOINT?: string;
  S3_BUCKET?: string;
  S3_REGION?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  /** how often paid codes without an accepted photo are checked for refund (default 1 h; 0: never) */
  REFUND_SWEEP_INTERVAL_MS?: string;
}

function objectStore(env: ServiceEnv, dataDir: string): ObjectStore {
  if ((env.OBJECT_STORE ?? 'disk') === 'disk') return new LocalDiskStore(path.join(dataDir, 'objects'));
  if (env.OBJECT_STORE !== 's3') throw new Error(`OBJECT_STORE must be disk or s3, not ${env.OBJECT_STORE}`);
  const { S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = env;
  if (!S3_ENDPOINT || !S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY) {
    throw new Error('OBJECT_STORE=s3 needs S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (S3_REGION defaults to us-east-1)');
  }
  return new S3ObjectStore({ endpoint: S3_ENDPOINT, bucket: S3_BUCKET, accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY, region: env.S3_REGION ?? 'us-east-1' });
}

/**
 * `listeningUrl`: the service's address once it listens (the sandbox QR's default), `log` where payment
 * anomalies go; both are known only when the service starts.
 */
export async function openContext(
  env: ServiceEnv,
  listeningUrl: () => string = () => `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '8787'}`,
  log: (event: string, detail: Record<string, unknown>) => void = (event, detail) => console.warn(event, detail),
): Promise<ServiceContext> {
  const dataDir = path.resolve(env.DATA_DIR ?? '.data/review-service');
  const { db, relaxedDb, dialect } = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, poolSize: env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : undefined });
  return {
    db,
    relaxedDb,
    dialect,
    objects: objectStore(env, dataDir),
    resolver: new SimulatorResolver(await simulatorKey(db)),
    // counters may lose their last few hundred ms in a power cut: at most a guess or two more, never a wrong answer accepted
    guesses: new GuessLimiter(relaxedDb),
    browsers: await TrustedBrowsers.open(db),
    transmitter: new SimulatorTransmitter(path.join(dataDir, 'chsi-packages')),
    booths: new BoothAuthenticator(db, relaxedDb),
    payment: await openPayment(db, env, listeningUrl, log),
  };
}

export interface RunningService {
  app: FastifyInstance;
  ctx: ServiceContext;
  url: string;
  close(): Promise<void>;
}

export async function startService(env: ServiceEnv, options: { logger?: boolean } = {}): Promise<RunningService> {
  let address = '';
  let app: FastifyInstance | null = null;
  const ctx = await openContext(env, () => address, (event, detail) => app?.log.warn({ event, ...detail }, event));
  app = buildApp(ctx, options);
  address = await app.listen({ host: env.HOST ?? '127.0.0.1', port: Number(env.PORT ?? '8787') });
  const log = app.log;
  const paymentNote = paymentWarning(ctx.payment.provider);
  if (paymentNote) log.warn({ paymentProvider: ctx.payment.provider.name }, paymentNote);
  const interval = Number(env.TRANSMIT_INTERVAL_MS ?? '60000');
  const timer = interval > 0
    ? setInterval(() => {
      runTransmissionBatch(ctx).catch((error: unknown) => log.error({ err: error }, 'transmission batch failed; it is retried next interval'));
    }, interval)
    : null;
  const refundInterval = Number(env.REFUND_SWEEP_INTERVAL_MS ?? '3600000');
  const refundTimer = refundInterval > 0
    ? setInterval(() => {
      runRefundSweep(ctx.db, ctx.payment).catch((error: unknown) => log.error({ err: error }, 'refund sweep failed; it is retried next interval'));
    }, refundInterval)
    : null;
  return {
    app,
    ctx,
    url: address,
    async close() {
      if (timer) clearInterval(timer);
      if (refundTimer) clearInterval(refundTimer);
      await app?.close();
      await closeDatabase(ctx);
    },
  };
}
