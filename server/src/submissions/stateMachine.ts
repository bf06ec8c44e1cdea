// The submission lifecycle as the seed's service shows it to students: 待审核 → 审核通过 / 审核未通过
// → 上网中 → 采集完成, withdrawal only while pending, and no change after approval except transmission.
import type { SubmissionState } from '../../../shared/sync/protocol.ts';

const NEXT: Record<SubmissionState, readonly SubmissionState[]> = {
  pending: ['approved', 'rejected', 'withdrawn'],
  approved: ['transmitting'],
  // a failed transmission goes back to approved and is retried in a later batch
  transmitting: ['done', 'approved'],
  rejected: [],
  done: [],
  withdrawn: [],
};

export function canTransition(from: SubmissionState, to: SubmissionState): boolean {
  return NEXT[from].includes(to);
}

/** States that hold a collection code: a new submission for the code is refused while one exists. */
export const LIVE_STATES: readonly SubmissionState[] = ['pending', 'approved', 'transmitting', 'done'];
