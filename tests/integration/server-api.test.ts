// The review service's booth-facing rules, each against the real service process: the OpenAPI
// document, code resolution with its guess lockout, one-time enrollment and revocation, signatures
// required, the demo-code tool's QR codes, config changes reaching the booth, and two service nodes
// sharing one PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  acceptTestSubmission, createPgDatabase, drainOutbox, issueCodes, makeTempDir, openBooth, removeDir, runTool, ServiceProcess, staffLogin, type TestBooth,
} from './server-harness.ts';
import { loadPhotoPairs } from './fixtures/boothPhotos.ts';
import { quietLog } from './fixtures/boothStoreSetup.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import { loadCredentials } from '../../electron/booth/sync/boothCredentials.ts';
import { SignedClient, jsonBody } from '../../electron/booth/sync/signedClient.ts';
import { EnrollmentError } from '../../electron/booth/sync/enrollment.ts';
import { API_PREFIX } from '../../shared/sync/protocol.ts';
import { DEMO_ROSTER } from '../../server/src/codes/simulatorResolver.ts';
import { readQrText } from '../qrPixels.ts';

const ADMIN_PASSWORD = 'admin password 1';

async function boothClient(booth: TestBooth, baseUrl: string): Promise<SignedClient> {
  const dataKey = await keyFileProvider({ path: path.join(booth.dir, 'key', 'booth.key'), log: quietLog }).loadKey();
  const credentials = loadCredentials(booth.store, dataKey)!;
  return new SignedClient({ baseUrl, boothId: credentials.boothId, privateKey: credentials.privateKey });
}

describe('review service API (SQLite)', () => {
  let dataDir = '';
  let service: ServiceProcess;
  let admin: Awaited<ReturnType<typeof staffLogin>>;
  const booths: TestBooth[] = [];
  const newCode = async (paymentMode = 'free') => ((await (await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'api booth', school: '华东示范大学', degreeCategories: ['本科'], paymentMode }) })).json()) as { code: string }).code;
  const enrolledBooth = async () => {
    const booth = await openBooth();
    booths.push(booth);
    await booth.sync.enroll(service.url, await newCode(), 'api booth');
    return booth;
  };

  beforeAll(async () => {
    dataDir = await makeTempDir('review-api');
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { DATA_DIR: dataDir, ADMIN_PASSWORD });
    service = new ServiceProcess({ DATA_DIR: dataDir });
    await service.start();
    admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    for (const b of booths) await b.close();
    await service?.stop();
    await removeDir(dataDir);
  });

  it('serves its OpenAPI document with the upload encoding, limit and status codes', async () => {
    const doc = (await (await fetch(`${service.url}${API_PREFIX}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: { content: Record<string, unknown> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const put = doc.paths[`${API_PREFIX}/submissions/{id}`]!.put!;
    expect(Object.keys(put.responses).sort()).toEqual(['200', '201', '400', '401', '409', '413']);
    expect(Object.keys(put.requestBody!.content)).toEqual(['multipart/form-data']);
    expect(doc.paths[`${API_PREFIX}/booths/{id}/events`]).toBeDefined();
  });

  it('resolves a code with the right last 4 to masked facts only, and locks a code after 5 wrong guesses', async () => {
    const booth = await enrolledBooth();
    const client = await boothClient(booth, service.url);
    const [code] = await issueCodes(undefined, dataDir, 1, 100);
    const student = DEMO_ROSTER[100]!;
    const ok = await client.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: code!.code, last4: code!.last4 }));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ degreeCategory: student.degreeCategory, hasLiveSubmission: false });
    const masked = ok.body as { maskedName: string; maskedSchool: string };
    expect(masked.maskedName).not.toBe(student.name);
    expect(masked.maskedName[0]).toBe(student.name[0]);
    expect(masked.maskedName).toContain('*');
    expect(JSON.stringify(ok.body)).not.toContain(student.name);

    const wrong = code!.last4 === '0000' ? '1111' : '0000';
    const remaining: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await client.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: code!.code, last4: wrong }));
      expect(r.status).toBe(422);
      remaining.push((r.body as { remainingAttempts: number }).remainingAttempts);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const locked = await client.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: code!.code, last4: code!.last4 }));
    expect(locked.status).toBe(429);
    expect((locked.body as { message_zh: string }).message_zh).toContain('分钟后再试');

    const unknown = await client.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: 'SIM1' + 'A'.repeat(44), last4: '1234' }));
    expect(unknown.status).toBe(404);
  });

  it('a staff account is locked for a while after 10 wrong passwords, even for the right one', async () => {
    const created = await admin('/admin/api/users', { method: 'POST', body: JSON.stringify({ username: 'guessed', password: 'the right password', role: 'reviewer' }) });
    expect(created.status).toBe(200);
    const login = (password: string) => fetch(`${service.url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'guessed', password }) });
    for (let i = 0; i < 10; i += 1) expect((await login(`wrong ${i}`)).status).toBe(401);
    const locked = await login('the right password');
    expect(locked.status).toBe(429);
  });

  it('an offline (deferred) submission whose last 4 do not match is stored, and comes back to the booth as a rejection', async () => {
    const booth = await enrolledBooth();
    const [photo] = await loadPhotoPairs();
    const [code] = await issueCodes(undefined, dataDir, 1, 300);
    const wrongLast4 = code!.last4 === '9999' ? '8888' : '9999';
    const { submissionId, secret } = await acceptTestSubmission(booth, photo!, { ...code!, last4: wrongLast4 }, undefined, 'deferred');
    await drainOutbox(booth);
    booth.sync.syncNow();
    await drainOutbox(booth);
    expect(booth.store.submissionCounts().acknowledged).toBe(1);
    const decision = booth.sync.status().decisions.recent.find((d) => d.submissionId === submissionId);
    expect(decision).toMatchObject({ state: 'rejected', reasons: ['identity.unverified'] });
    expect(booth.store.audit.recent(10, 'submission.verification_failed').map((e) => e.subject)).toContain(submissionId);
    const page = await (await fetch(`${service.url}/s/${submissionId}?k=${secret}`)).text();
    expect(page).toContain('采集码或证件号后四位核验未通过');
  });

  it('an enrollment code works once; a revoked booth can no longer upload', async () => {
    const code = await newCode();
    const first = await openBooth();
    const second = await openBooth();
    booths.push(first, second);
    await first.sync.enroll(service.url, code, 'first');
    await expect(second.sync.enroll(service.url, code, 'second')).rejects.toThrow(EnrollmentError);
    await expect(second.sync.enroll(service.url, code, 'second')).rejects.toThrow(/注册码无效/);

    const boothId = first.sync.status().boothId!;
    expect((await admin(`/admin/api/booths/${boothId}/revoke`, { method: 'POST', body: '{}' })).status).toBe(200);
    const [photo] = await loadPhotoPairs();
    const [code2] = await issueCodes(undefined, dataDir, 1, 200);
    await acceptTestSubmission(first, photo!, code2!);
    await first.queue.runDue();
    const snap = first.queue.snapshot();
    expect(snap.byKind['submission.upload']?.dead).toBe(1);
    expect(snap.lastErrors.find((e) => e.kind === 'submission.upload')?.lastError).toContain('booth_revoked');
    expect(first.store.submissionCounts().queued).toBe(1);
  });

  it('refuses unsigned requests and a booth reading another booth\'s decisions', async () => {
    const a = await enrolledBooth();
    const b = await enrolledBooth();
    expect((await fetch(`${service.url}${API_PREFIX}/booths/${a.sync.status().boothId}/events`)).status).toBe(401);
    const clientB = await boothClient(b, service.url);
    const read = await clientB.send('GET', `${API_PREFIX}/booths/${a.sync.status().boothId}/events?after=0`);
    expect(read.status).toBe(403);
  });

  it('a configuration change by the admin reaches the booth through its decisions feed', async () => {
    const booth = await enrolledBooth();
    const boothId = booth.sync.status().boothId!;
    const res = await admin(`/admin/api/booths/${boothId}/config`, { method: 'POST', body: JSON.stringify({ school: '北方示范理工大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'voucher' }) });
    expect(res.status).toBe(200);
    booth.sync.syncNow();
    await drainOutbox(booth);
    expect(booth.sync.status().config).toEqual({ school: '北方示范理工大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'voucher' });
    const listed = (await (await admin('/admin/api/booths')).json()) as { id: string; lastHeartbeatAt: number | null; queueLength: number | null }[];
    expect(listed.find((x) => x.id === boothId)).toMatchObject({ queueLength: 0 });
  });

  it('npm run demo:codes writes QR codes that scan to codes the service resolves with the printed last 4', async () => {
    const outDir = path.join(dataDir, 'demo-codes');
    const printed = await runTool('server/src/tools/demoCodes.ts', ['--count', '3', outDir], { DATA_DIR: dataDir });
    const rows = printed.split('\n').filter((l) => l.startsWith('S0')).map((l) => l.split('\t'));
    expect(rows).toHaveLength(3);
    const booth = await enrolledBooth();
    const client = await boothClient(booth, service.url);
    for (const [file, last4, maskedName, degree, code] of rows) {
      const scanned = await readQrText(path.join(outDir, file!));
      expect(scanned).toBe(code);
      const resolved = await client.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: scanned, last4 }));
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ maskedName, degreeCategory: degree });
    }
  });
});

describe('two service nodes on one PostgreSQL database', () => {
  let dataDir = '';
  let pgDb: { url: string; drop(): Promise<void> };
  const nodes: ServiceProcess[] = [];
  let booth: TestBooth;

  beforeAll(async () => {
    dataDir = await makeTempDir('review-two-nodes');
    pgDb = await createPgDatabase();
    // both nodes share the database and the photo folder (in production: one PostgreSQL, shared storage or S3)
    const env = { DATA_DIR: dataDir, DATABASE_URL: pgDb.url };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
    nodes.push(new ServiceProcess(env), new ServiceProcess(env));
    await Promise.all(nodes.map((n) => n.start()));
  });

  afterAll(async () => {
    await booth?.close();
    for (const n of nodes) await n.stop();
    await pgDb?.drop();
    await removeDir(dataDir);
  });

  it('a booth enrolled on one node uploads through the other, a replay to the first is refused, and a decision on either reaches it', async () => {
    const [a, b] = nodes as [ServiceProcess, ServiceProcess];
    const adminA = await staffLogin(a.url, 'admin', ADMIN_PASSWORD);
    const { code } = (await (await adminA('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'two nodes', school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'free' }) })).json()) as { code: string };
    booth = await openBooth();
    await booth.sync.enroll(a.url, code, 'two nodes');
    const [photo] = await loadPhotoPairs();
    const codes = await issueCodes(pgDb.url, dataDir, 2);
    const { submissionId } = await acceptTestSubmission(booth, photo!, codes[0]!);

    // the same signed request to node B, then replayed to node A
    const client = await boothClient(booth, b.url);
    const read = await booth.store.readSubmissionForUpload(submissionId);
    const { uploadBody, uploadMetadata } = await import('../../electron/booth/sync/uploadJob.ts');
    const body = await uploadBody(uploadMetadata(read, { school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'free' }, quietLog), read.standardized.jpeg, read.original.jpeg);
    const target = `${API_PREFIX}/submissions/${submissionId}`;
    const headers = { ...client.signHeaders('PUT', target, body.bytes), 'content-type': body.contentType };
    expect((await fetch(b.url + target, { method: 'PUT', headers, body: body.bytes as Uint8Array<ArrayBuffer> })).status).toBe(201);
    const replay = await fetch(a.url + target, { method: 'PUT', headers, body: body.bytes as Uint8Array<ArrayBuffer> });
    expect(replay.status).toBe(401);
    await drainOutbox(booth);
    expect(booth.store.submissionCounts().acknowledged).toBe(1);

    const adminB = await staffLogin(b.url, 'admin', ADMIN_PASSWORD);
    expect((await adminB(`/review/api/submissions/${submissionId}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'approve' }) })).status).toBe(200);
    booth.sync.syncNow();
    await drainOutbox(booth);
    expect(booth.sync.status().decisions.counts.approved).toBe(1);
    const photoOnA = await adminA(`/review/api/submissions/${submissionId}/standardized.jpg`);
    expect(photoOnA.status).toBe(200);
    expect(Buffer.from(await photoOnA.arrayBuffer()).equals(read.standardized.jpeg)).toBe(true);
  });
});
