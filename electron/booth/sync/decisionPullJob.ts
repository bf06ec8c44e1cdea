// The outbox's decision pull (kind 'sync.pull_decisions'): reads the booth's events feed after the
// stored cursor, records each review outcome in the booth's audit log and staff-screen summary,
// applies config changes, and moves the cursor with the summary (a crash re-reads, never skips).
import type { Logger } from 'pino';
import { API_PREFIX, EventsResponseSchema, type BoothEvent, type SubmissionState } from '../../../shared/sync/protocol.ts';
import type { BoothStore } from '../store/boothStore.ts';
import type { SignedClient } from './signedClient.ts';
import { updateBoothConfig } from './boothCredentials.ts';

export const PULL_JOB = 'sync.pull_decisions';
// cursor and summary in one config value: one write moves both, so a crash never counts an event twice
const DECISIONS_KEY = 'sync.decisions';
const RECENT_DECISIONS = 50;

export interface DecisionSummary {
  /** the feed cursor of the last applied event */
  cursor: string;
  counts: Partial<Record<SubmissionState, number>>;
  /** newest first */
  recent: { submissionId: string; state: SubmissionState; reasons: string[]; note: string; at: number }[];
}

export function decisionSummary(store: BoothStore): DecisionSummary {
  return store.config.get<DecisionSummary>(DECISIONS_KEY, { cursor: '0', counts: {}, recent: [] });
}

/** Applies one event; true when it changed the booth's assigned configuration. */
function apply(store: BoothStore, event: BoothEvent): boolean {
  const summary = decisionSummary(store);
  summary.cursor = event.cursor;
  const config = event.kind === 'config' ? event.config : null;
  if (config) updateBoothConfig(store, config);
  if (event.kind !== 'submission.state' || !event.submissionId || !event.state) {
    store.config.set(DECISIONS_KEY, summary);
    return Boolean(config);
  }
  store.audit.append({ at: store.now(), actor: 'system', action: 'submission.decision', subject: event.submissionId, detail: { state: event.state, reasons: event.reasons, note: event.note, cursor: event.cursor } });
  summary.counts[event.state] = (summary.counts[event.state] ?? 0) + 1;
  summary.recent = [{ submissionId: event.submissionId, state: event.state, reasons: event.reasons, note: event.note, at: event.at }, ...summary.recent].slice(0, RECENT_DECISIONS);
  store.config.set(DECISIONS_KEY, summary);
  return false;
}

export interface PullDeps {
  store: BoothStore;
  client: () => SignedClient;
  boothId: () => string;
  log: Logger;
  /** the service changed the booth's assignment (school, 学历类别, payment mode): the kiosk is told */
  onConfigChanged: () => void;
}

/** Pulls until the feed is drained; returns how many events were applied. */
export async function pullDecisions(deps: PullDeps): Promise<number> {
  let applied = 0;
  for (;;) {
    const { cursor } = decisionSummary(deps.store);
    const response = await deps.client().call('GET', `${API_PREFIX}/booths/${deps.boothId()}/events?after=${encodeURIComponent(cursor)}`, 'decision pull');
    const page = EventsResponseSchema.parse(response.body);
    for (const event of page.events) {
      if (apply(deps.store, event)) deps.onConfigChanged();
      applied += 1;
    }
    if (page.events.length === 0) return applied;
  }
}

export function decisionPullHandler(deps: PullDeps) {
  return async (): Promise<void> => {
    const applied = await pullDecisions(deps);
    if (applied > 0) deps.log.info({ applied }, 'decisions pulled from the review service');
  };
}
