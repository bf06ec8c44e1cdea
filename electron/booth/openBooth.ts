// The booth, composed once for both hosts (Electron and the web host): the durable store, the
// session log, the photo engine, the background runtime (job queue, review-service sync, retention,
// voucher sync), the staff parts, and the kiosk's and staff's API handlers over them.
// Codes and payment go through the review service once the booth is enrolled. Before enrollment only
// the web host's demo mode (`demo: true`: development, tests, `npm start` without Electron) resolves
// codes against the demo roster and accepts the demo voucher; Electron never does.
import path from 'node:path';
import type { Logger } from 'pino';
import type { BoothConfig, BoothEventName, BoothEventPayload, BoothHandlers } from '../../shared/api/boothApi.ts';
import type { StaffCallOutput, StaffHandlers } from '../../shared/api/staffApi.ts';
import type { PendingRefund } from '../../shared/sync/protocol.ts';
import { createBoothHandlers } from './api/boothHandlers.ts';
import type { BoothPorts } from './api/boothPorts.ts';
import { DEFAULT_BOOTH_CONFIG } from './api/defaultBoothConfig.ts';
import { DEMO_CODE_SHAPE, demoResolver, demoVoucherBatch } from './api/inMemoryResolver.ts';
import { reviewServiceResolver } from './api/reviewServiceResolver.ts';
import { createStoreBoothPorts } from './api/storeBoothPorts.ts';
import { startBoothRuntime, type BoothRuntime } from './boothRuntime.ts';
import { GENERIC_CODE_BOUNDS } from './codes/codeParser.ts';
import { keyFileProvider } from './crypto/keyFileProvider.ts';
import type { KeyProvider } from './crypto/keyProvider.ts';
import { createBoothLog } from './log/boothLog.ts';
import { boothPayment } from './payment/boothPayment.ts';
import { fetchPendingRefunds } from './payment/paymentClient.ts';
import { VoucherLedger } from './payment/voucherLedger.ts';
import { scheduleVoucherSync } from './payment/voucherSyncJob.ts';
import { SessionService } from './session/sessionService.ts';
import { createStaffHandlers, type StaffHandlerDeps } from './staff/staffHandlers.ts';
import { createStaffParts, type StaffParts } from './staff/staffParts.ts';
import { openBoothStore, type BoothStore } from './store/boothStore.ts';

/** Before enrollment, outside demo mode: any printable code, resolved once a service is known. */
const GENERIC_CODE_SHAPE = { id: 'generic', pattern: '[\\x21-\\x7e]+', ...GENERIC_CODE_BOUNDS };

export interface OpenBoothOptions {
  dataDir: string;
  appVersion: string;
  /** the data key's keeper: Electron's safeStorage; by default a 0600 key file in the data dir */
  keyProvider?: KeyProvider;
  log?: Logger;
  config?: Partial<BoothConfig>;
  /** the receipt QR's service before the booth is enrolled (afterwards: the enrolled service) */
  serviceUrl: string;
  /** the operator PIN of a booth that has none yet (GRADBOOTH_STAFF_PIN); else the documented initial one */
  initialStaffPin?: string;
  /** web host only: the demo roster and demo voucher before enrollment (inMemoryResolver.ts) */
  demo: boolean;
}

export interface Booth {
  ports: BoothPorts;
  store: BoothStore;
  runtime: BoothRuntime;
  staff: StaffParts;
  appVersion: string;
  /** the review service changed what it assigns this booth; returns the unsubscribe function */
  onServiceConfigChanged(listener: () => void): () => void;
  /** for the staff screen: this booth's payments the service refunds (or will); empty before enrollment */
  pendingRefunds(): Promise<PendingRefund[]>;
  close(): Promise<void>;
}

export async function openBooth(options: OpenBoothOptions): Promise<Booth> {
  const log = options.log ?? createBoothLog({ level: 'warn' });
  const keyProvider = options.keyProvider ?? keyFileProvider({ path: path.join(options.dataDir, 'booth.key'), log });
  const store = await openBoothStore({ dir: options.dataDir, keyProvider, log });
  const base: BoothConfig = { ...DEFAULT_BOOTH_CONFIG, ...options.config };
  const dataKey = await keyProvider.loadKey();
  const staff = createStaffParts({ store, base, ...(options.initialStaffPin ? { initialPin: options.initialStaffPin } : {}) });
  const configListeners = new Set<() => void>();
  const runtime = startBoothRuntime({ store, dataKey, log, appVersion: options.appVersion, onConfigChanged: () => configListeners.forEach((l) => l()) });
  // enrollment may happen while the booth runs (the staff screen): the sync holds the identity and
  // the one signed client, and every use asks it
  const enrolled = () => runtime.sync.identity;
  const serviceClient = () => runtime.sync.serviceClient();
  const serviceResolver = reviewServiceResolver(serviceClient, () => staff.config().categories);
  const demoBatch = options.demo ? demoVoucherBatch() : null;
  const ledger = new VoucherLedger(store, async () => (enrolled() || !demoBatch ? [] : [await demoBatch]));
  const voucherSync = scheduleVoucherSync(runtime.queue, ledger, serviceClient);
  const ports = createStoreBoothPorts({
    store,
    sessions: new SessionService({ store, log }),
    config: staff.config,
    // the shape the review service's resolver declared at enrollment
    codeShape: () => enrolled()?.codeShape ?? (options.demo ? DEMO_CODE_SHAPE : GENERIC_CODE_SHAPE),
    resolver: (code, last4) => (enrolled() || !options.demo ? serviceResolver(code, last4) : demoResolver(code, last4)),
    pay: boothPayment({ ledger, client: serviceClient, config: staff.config, onRedeemed: () => voucherSync.soon() }),
    serviceUrl: () => enrolled()?.serviceUrl ?? options.serviceUrl,
    checkOperatorPin: (pin) => staff.pin.checkOverride(pin),
    operatorOverrides: (sessionId) => staff.desk.operatorOverrides(sessionId),
    reportCamera: (report) => staff.desk.reportCamera(report),
    reportVoice: (report) => staff.desk.reportVoice(report),
    backdropPlate: () => staff.backdrop.plate(),
  });
  return {
    ports,
    store,
    runtime,
    staff,
    appVersion: options.appVersion,
    onServiceConfigChanged(listener) {
      configListeners.add(listener);
      return () => configListeners.delete(listener);
    },
    async pendingRefunds() {
      const client = serviceClient();
      return client ? fetchPendingRefunds(client) : [];
    },
    async close() {
      voucherSync.stop();
      await runtime.stop();
      store.close();
    },
  };
}

export interface BoothApiHandlers {
  handlers: BoothHandlers;
  /** the staff API at the booth (the staff window, the loopback staff page) */
  staffHandlers: StaffHandlers;
  /** the same staff API for the LAN listener: its wrong PINs lock the LAN only */
  lanStaffHandlers: StaffHandlers;
}

export interface BoothApiHandlerOptions {
  /** pushes a booth event to the kiosk (the host exists only after the handlers) */
  emit: <E extends BoothEventName>(event: E, payload: BoothEventPayload<E>) => void;
  /** where the models are, for the staff screen's health view */
  modelsDir: string;
  /** the LAN listener's pairing, once the operator enabled LAN access (undefined: none) */
  pairing?: () => StaffCallOutput<'staff.pairing'> | undefined;
}

/** The kiosk's booth API (watched by the staff desk) and the staff API, over one booth. */
export function boothApiHandlers(booth: Booth, options: BoothApiHandlerOptions): BoothApiHandlers {
  const { staff } = booth;
  // a new school, 学历类别 list or payment mode from the service reaches an open kiosk at once
  booth.onServiceConfigChanged(() => options.emit('booth.configChanged', staff.config()));
  const staffDeps: Omit<StaffHandlerDeps, 'pinChannel'> = {
    store: booth.store, runtime: booth.runtime, pin: staff.pin, desk: staff.desk, settings: staff.settings, backdrop: staff.backdrop,
    config: staff.config, assigned: staff.assigned, emit: options.emit, appVersion: booth.appVersion, modelsDir: options.modelsDir,
    pendingRefunds: () => booth.pendingRefunds(),
    pairing: () => options.pairing?.() ?? { lanUrl: null, fingerprint: null, pairingText: null },
  };
  return {
    handlers: staff.desk.watch(createBoothHandlers(booth.ports), options.emit),
    staffHandlers: createStaffHandlers({ ...staffDeps, pinChannel: 'booth' }),
    lanStaffHandlers: createStaffHandlers({ ...staffDeps, pinChannel: 'lan' }),
  };
}
