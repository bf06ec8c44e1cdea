// The photo step of the booth API over the real photo engine (electron/booth/photo), which also
// measures its output against every rule (file, geometry, background and the still checks).
import type { BoothPorts } from './boothPorts.ts';
import { standardizePhoto } from '../photo/standardize.ts';
import type { BackdropPlate } from '../photo/backdropPlate.ts';
import { reviewerLandmarks } from '../../../shared/photo/reviewerLandmarks.ts';

/** `plate` is read on each capture: the operator may calibrate the backdrop while the booth runs. */
export function standardizeWithChecks(plate: () => BackdropPlate | null): BoothPorts['standardize'] {
  return async (original, analysis, background, parse) => {
    const outcome = await standardizePhoto(original, analysis, { background, plate: plate(), ...(parse ? { parse } : {}) });
    if (!outcome.ok) return { ok: false, refusal: outcome.refusal };
    const { checks, outputFace } = outcome.report;
    if (!outputFace) throw new Error('a standardized photo always has its face in output pixels');
    return { ok: true, jpeg: outcome.jpeg, checks, landmarks: reviewerLandmarks(outputFace, checks) };
  };
}
