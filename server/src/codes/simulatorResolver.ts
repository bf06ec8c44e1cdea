// The default CodeResolver: issues and resolves its own encrypted test 采集码 for a demo roster, so
// the whole flow runs end to end without 学信网. A code is AES-256-GCM over the roster id, with a key
// kept in the database so every service node (and `npm run demo:codes`) shares it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sharedSetting } from '../db/sharedSetting.ts';
import { DEGREE_CATEGORIES, type DegreeCategory } from '../../../shared/sync/protocol.ts';
import type { CodeResolver, ResolveOutcome } from './codeResolver.ts';
import type { CodeShape } from '../../../shared/sync/protocol.ts';

export interface DemoStudent {
  id: string;
  name: string;
  school: string;
  degreeCategory: DegreeCategory;
  /** the last 4 characters of the (fictitious) ID number */
  last4: string;
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗'];
const GIVEN = [...'小明雪子涵思远一诺欣然浩雨桐晓峰佳怡梓轩文博嘉琪'];
const SCHOOLS = ['华东示范大学', '西南示范职业技术学院', '北方示范理工大学'];

/**
 * Fictitious people: no name or ID here belongs to anyone. Generated, so tests and benchmarks have
 * as many distinct codes as they need (one live submission per code).
 */
export const DEMO_ROSTER: readonly DemoStudent[] = Array.from({ length: 5000 }, (_, i) => {
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
  const degree = pick(DEGREE_CATEGORIES, (i * 7) % 11);
  return {
    id: `S${String(i + 1).padStart(4, '0')}`,
    name: pick(SURNAMES, i * 3) + pick(GIVEN, i * 5) + (i % 3 === 0 ? '' : pick(GIVEN, i * 11 + 1)),
    school: degree === '专科' ? SCHOOLS[1]! : pick(SCHOOLS, i % 2 === 0 ? 0 : 2),
    degreeCategory: degree,
    last4: i % 10 === 9 ? `${String((i * 37) % 1000).padStart(3, '0')}X` : String((i * 7919 + 1234) % 10000).padStart(4, '0'),
  };
});

const CODE_PREFIX = 'SIM1';
const KEY_SETTING = 'resolver.simulator.key';

export async function simulatorKey(db: Kysely<Database>): Promise<Buffer> {
  return Buffer.from(await sharedSetting(db, KEY_SETTING, () => randomBytes(32).toString('base64')), 'base64');
}

export class SimulatorResolver implements CodeResolver {
  private readonly key: Buffer;
  private readonly roster: ReadonlyMap<string, DemoStudent>;

  constructor(key: Buffer, roster: readonly DemoStudent[] = DEMO_ROSTER) {
    this.key = key;
    this.roster = new Map(roster.map((s) => [s.id, s]));
  }

  /** A fresh encrypted code for a roster entry (each call gives a different code for the same student). */
  /** SIM1 + base64url(12-byte IV, the encrypted roster id, 16-byte tag) */
  readonly codeShape: CodeShape = { id: 'simulator-v1', pattern: `${CODE_PREFIX}[A-Za-z0-9_-]+`, minLength: CODE_PREFIX.length + 39, maxLength: 256 };

  issue(studentId: string): string {
    if (!this.roster.has(studentId)) throw new RangeError(`no demo student ${studentId}`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(studentId, 'utf8'), cipher.final()]);
    return CODE_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  private decrypt(code: string): string | null {
    if (!code.startsWith(CODE_PREFIX)) return null;
    const raw = Buffer.from(code.slice(CODE_PREFIX.length), 'base64url');
    if (raw.length < 12 + 1 + 16) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  async resolve(code: string, last4: string): Promise<ResolveOutcome> {
    const id = this.decrypt(code);
    const student = id === null ? undefined : this.roster.get(id);
    if (!student) return { kind: 'unknown_code' };
    if (student.last4.toUpperCase() !== last4.toUpperCase()) return { kind: 'wrong_last4' };
    return { kind: 'ok', student: { name: student.name, school: student.school, degreeCategory: student.degreeCategory } };
  }
}
