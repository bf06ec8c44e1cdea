// The still's class map arrives after the still: the kiosk sends the capture as soon as it has the
// landmarks and the person mask, so the engine decodes and frames the photo while the kiosk runs the face
// parser, then sends the map. Either message may reach the booth first (a 12 MP capture takes
// longer to receive than a parse takes to make); they pair by the capture's parse id.
import type { FaceParse } from '../../../shared/vision/stillAnalysis.ts';

/** how long the engine waits for a class map before judging without it (its rules then warn) */
export const PARSE_WAIT_MS = 5000;
/** maps that came before their capture, kept at most this many (a kiosk sends one per capture) */
const EARLY_LIMIT = 4;

export class ParseRendezvous {
  private readonly waitMs: number;
  private readonly waiting = new Map<string, (parse: FaceParse | null) => void>();
  private readonly early = new Map<string, { parse: FaceParse | null; timer: NodeJS.Timeout }>();

  constructor(waitMs = PARSE_WAIT_MS) {
    this.waitMs = waitMs;
  }

  /** The class map sent under `id`; null if it does not come within the wait. Never rejects. */
  expect(id: string): Promise<FaceParse | null> {
    const early = this.early.get(id);
    if (early) {
      clearTimeout(early.timer);
      this.early.delete(id);
      return Promise.resolve(early.parse);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), this.waitMs);
      const finish = (parse: FaceParse | null): void => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(parse);
      };
      this.waiting.set(id, finish);
    });
  }

  /** Hands over the class map of `id` (null: the kiosk has none for it). */
  deliver(id: string, parse: FaceParse | null): void {
    const waiter = this.waiting.get(id);
    if (waiter) {
      waiter(parse);
      return;
    }
    if (this.early.size >= EARLY_LIMIT) {
      const [oldest] = this.early.keys();
      if (oldest !== undefined) this.drop(oldest);
    }
    this.early.set(id, { parse, timer: setTimeout(() => this.drop(id), this.waitMs) });
  }

  private drop(id: string): void {
    const entry = this.early.get(id);
    if (entry) clearTimeout(entry.timer);
    this.early.delete(id);
  }
}
