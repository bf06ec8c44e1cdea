// The booth modules behind the booth API, composed over the durable store: session log and
// submissions (SessionService + BoothStore), the attempt limiter, the code-shape check, the photo
// engine with its checks. The resolver and payment are given: the review service in production,
// the demo stand-ins (inMemoryResolver.ts) in development and tests.
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import { AttemptLimiter } from '../codes/attemptLimiter.ts';
import type { CodeShape as ResolverCodeShape } from '../codes/codeParser.ts';
import type { BoothStore } from '../store/boothStore.ts';
import type { SessionService } from '../session/sessionService.ts';
import { statusPageUrl } from '../sync/statusReceipt.ts';
import type { BoothPorts } from './boothPorts.ts';
import { limitedResolver, type CodeResolver } from './limitedResolver.ts';
import { standardizeWithChecks } from './photoPort.ts';
import type { BackdropPlate } from '../photo/backdropPlate.ts';
import { classifyScannedText } from './scannedText.ts';
import { storeSessionLog } from './storeSessionLog.ts';

export interface StoreBoothPortsOptions {
  store: BoothStore;
  sessions: SessionService;
  /** read on each use: the operator's settings and the service's assignment change it while running */
  config: () => BoothConfig;
  /** the shape the resolver adapter declares for its codes */
  /** the shape the resolver in use accepts (it may change when the booth enrolls) */
  codeShape: () => ResolverCodeShape;
  resolver: CodeResolver;
  pay: BoothPorts['pay'];
  /** the review service's base URL (it can change at enrolment): the receipt QR opens its status page */
  serviceUrl: () => string;
  /** the operator PIN check (the staff screen's hashed PIN, with its lockout) */
  checkOperatorPin: BoothPorts['checkOperatorPin'];
  operatorOverrides: BoothPorts['operatorOverrides'];
  reportCamera: BoothPorts['reportCamera'];
  reportVoice: BoothPorts['reportVoice'];
  /** the staff screen's backdrop calibration, read on each capture; null when there is none */
  backdropPlate: () => BackdropPlate | null;
}

export function createStoreBoothPorts(options: StoreBoothPortsOptions): BoothPorts {
  const limiter = new AttemptLimiter({ store: options.store });
  return {
    config: options.config,
    classifyCode: (raw) => classifyScannedText(raw, options.codeShape()),
    resolveCode: limitedResolver(options.resolver, limiter, options.store.now),
    pay: options.pay,
    standardize: standardizeWithChecks(options.backdropPlate),
    checkOperatorPin: options.checkOperatorPin,
    operatorOverrides: options.operatorOverrides,
    reportCamera: options.reportCamera,
    reportVoice: options.reportVoice,
    sessions: storeSessionLog(options.sessions),
    receiptUrl: (submissionId, secret) => statusPageUrl(options.serviceUrl(), submissionId, secret),
  };
}
