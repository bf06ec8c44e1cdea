// Where the shared evaluation images live: ../shared/eval-data beside the checkout (as on the
// developers' machines and in CI), or GRADBOOTH_EVAL_DATA.
import path from 'node:path';
import { projectRoot } from '../scripts/models.ts';

export const EVAL_DATA = process.env.GRADBOOTH_EVAL_DATA ?? path.resolve(projectRoot, '..', 'shared', 'eval-data');
