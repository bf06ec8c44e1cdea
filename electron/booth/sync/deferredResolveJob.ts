// Deferred verification (kind 'code.resolve'): a submission taken offline carries code + last-4;
// once online the booth resolves them so the staff screen learns early whether the student was
// verified. The service verifies again at upload and sends a failure back as a decision.
import { API_PREFIX, ErrorBodySchema, ResolvedCodeSchema } from '../../../shared/sync/protocol.ts';
import type { BoothStore } from '../store/boothStore.ts';
import { RetryLaterError } from '../jobs/retryable.ts';
import { jsonBody, type SignedClient } from './signedClient.ts';

export const RESOLVE_JOB = 'code.resolve';

export function deferredResolveHandler(deps: { store: BoothStore; client: () => SignedClient }) {
  return async (payload: unknown): Promise<void> => {
    const { submissionId } = payload as { submissionId: string };
    const submission = await deps.store.readSubmissionForUpload(submissionId).catch(() => null);
    // purged or gone: the upload (and the service's own check) settled it
    if (!submission) return;
    const response = await deps.client().send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: submission.personal.code, last4: submission.personal.last4 }));
    const now = deps.store.now();
    if (response.status === 200) {
      const resolved = ResolvedCodeSchema.parse(response.body);
      deps.store.audit.append({ at: now, actor: 'system', action: 'submission.verified', subject: submissionId, detail: { degreeCategory: resolved.degreeCategory } });
      return;
    }
    const error = ErrorBodySchema.safeParse(response.body);
    if (response.status === 429) throw new RetryLaterError('collection code locked by too many wrong attempts', (error.success ? error.data.retryAfterSeconds ?? 600 : 600) * 1000);
    if (response.status === 404 || response.status === 422) {
      deps.store.audit.append({ at: now, actor: 'system', action: 'submission.verification_failed', subject: submissionId, detail: { error: error.success ? error.data.error : response.status } });
      return;
    }
    throw Object.assign(new Error(`code resolution failed: HTTP ${response.status}`), { status: response.status });
  };
}
