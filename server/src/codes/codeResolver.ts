// The CodeResolver adapter (ARCHITECTURE §7): turns a 采集码 plus the last 4 ID characters into the
// student's enrolment facts. The real one calls 学信网's collector interface; the default is the
// simulator. Masking happens here so no full name ever leaves the service.
import type { DegreeCategory } from '../../../shared/sync/protocol.ts';
import type { CodeShape } from '../../../shared/sync/protocol.ts';

export interface ResolvedStudent {
  name: string;
  school: string;
  degreeCategory: DegreeCategory;
}

export type ResolveOutcome =
  | { kind: 'ok'; student: ResolvedStudent }
  | { kind: 'unknown_code' }
  | { kind: 'wrong_last4' };

export interface CodeResolver {
  /** the codes this adapter accepts, sent to booths so they can refuse a wrong scan at once */
  readonly codeShape: CodeShape;
  resolve(code: string, last4: string): Promise<ResolveOutcome>;
}

/** 张三丰 → 张*丰, 李四 → 李*: enough for the student to recognise, not to identify. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 北京师范大学 → 北京**大学: the first and last two characters stay. */
export function maskSchool(school: string): string {
  const chars = [...school];
  if (chars.length <= 4) return `${chars[0] ?? ''}*${chars.slice(2).join('')}`;
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}
