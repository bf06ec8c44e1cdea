// The booth API verifying a 采集码 online against the real review service (its code resolver
// simulator), signed as an enrolled booth, with the booth's own lockout in front of it.
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_BOOTH_CONFIG } from '../../electron/booth/api/defaultBoothConfig.ts';
import { limitedResolver } from '../../electron/booth/api/limitedResolver.ts';
import { reviewServiceResolver } from '../../electron/booth/api/reviewServiceResolver.ts';
import { AttemptLimiter, ATTEMPT_LIMITS } from '../../electron/booth/codes/attemptLimiter.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import { loadCredentials } from '../../electron/booth/sync/boothCredentials.ts';
import { SignedClient } from '../../electron/booth/sync/signedClient.ts';
import { quietLog } from './fixtures/boothStoreSetup.ts';
import { issueCodes, makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin, type TestBooth } from './server-harness.ts';

const ADMIN_PASSWORD = 'kiosk resolver test password';
let dataDir = '';
let service: ServiceProcess;
let booth: TestBooth;
let client: SignedClient | null = null;
let codes: { code: string; last4: string; degree: string }[] = [];

const categories = () => DEFAULT_BOOTH_CONFIG.categories;

beforeAll(async () => {
  dataDir = await makeTempDir('review-service');
  const env = { DATA_DIR: dataDir };
  await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
  service = new ServiceProcess(env);
  await service.start();
  const admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
  const enrollment = await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'kiosk', school: '华东示范大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'free' }) });
  codes = await issueCodes(undefined, dataDir, 3);
  booth = await openBooth();
  await booth.sync.enroll(service.url, ((await enrollment.json()) as { code: string }).code, 'kiosk');
  // the same key file the test booth sealed its credentials with
  const dataKey = await keyFileProvider({ path: path.join(booth.dir, 'key', 'booth.key'), log: quietLog }).loadKey();
  const credentials = loadCredentials(booth.store, dataKey);
  if (!credentials) throw new Error('the booth did not keep its credentials after enrolment');
  client = new SignedClient({ baseUrl: credentials.serviceUrl, boothId: credentials.boothId, privateKey: credentials.privateKey });
});

afterAll(async () => {
  await booth?.close();
  await service?.stop();
  await removeDir(dataDir);
});

describe('online verification through the review service', () => {
  test('the right last 4 resolve the code to the masked name, school and pre-selected 学历类别', async () => {
    const resolve = limitedResolver(reviewServiceResolver(() => client, categories), new AttemptLimiter({ store: booth.store }), Date.now);
    const first = codes[0]!;
    const result = await resolve(first.code, first.last4);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.record.maskedName).toMatch(/\*/);
    expect(result.record.school.length).toBeGreaterThan(0);
    expect(result.record.categoryId).toBe(categories().find((c) => c.label.zh === first.degree)?.id ?? null);
  });

  test('wrong last 4 count down to a lockout, and then even the right digits are refused', async () => {
    const resolve = limitedResolver(reviewServiceResolver(() => client, categories), new AttemptLimiter({ store: booth.store }), Date.now);
    const target = codes[1]!;
    const wrong = target.last4 === '0000' ? '1111' : '0000';
    const left: number[] = [];
    for (let i = 0; i < ATTEMPT_LIMITS.perCode; i++) {
      const result = await resolve(target.code, wrong);
      expect(result.ok).toBe(false);
      if (!result.ok) left.push(result.locked ? -1 : result.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, -1]);
    const after = await resolve(target.code, target.last4);
    expect(after).toMatchObject({ ok: false, locked: true, error: { code: 'locked' } });
  });

  test('a code the service does not know is refused without counting as a wrong answer', async () => {
    const resolve = limitedResolver(reviewServiceResolver(() => client, categories), new AttemptLimiter({ store: booth.store }), Date.now);
    expect(await resolve('GBNOTAREALCODE0000000000000', '1234')).toMatchObject({ ok: false, locked: false, error: { code: 'unknown_code' } });
  });

  test('with the service unreachable or the booth not enrolled, the student is told to try later, not that the digits are wrong', async () => {
    const unreachable = new SignedClient({ baseUrl: 'http://127.0.0.1:9', boothId: 'x', privateKey: generateKeyPairSync('ed25519').privateKey, timeoutMs: 2000 });
    const limiter = new AttemptLimiter({ store: booth.store });
    const offline = await limitedResolver(reviewServiceResolver(() => unreachable, categories), limiter, Date.now)(codes[2]!.code, codes[2]!.last4);
    expect(offline).toMatchObject({ ok: false, locked: false, error: { code: 'resolver_unavailable' } });
    const notEnrolled = await limitedResolver(reviewServiceResolver(() => null, categories), limiter, Date.now)(codes[2]!.code, codes[2]!.last4);
    expect(notEnrolled).toMatchObject({ ok: false, error: { code: 'resolver_unavailable', message_en: expect.stringContaining('not enrolled') } });
  });
});
