// The booth outbox against the real review service process on loopback, for SQLite and PostgreSQL,
// through a proxy that cuts the network, drops answers and injects 5xx bursts; the service is
// killed and restarted; signatures are replayed, bodies tampered, clocks skewed. At the end every
// photo the booth accepted is at the service exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadPhotoPairs, type PhotoPair } from './fixtures/boothPhotos.ts';
import {
  acceptTestSubmission, createPgDatabase, drainOutbox, FaultProxy, issueCodes, makeTempDir, openBooth, removeDir,
  runTool, ServiceProcess, staffLogin, withServiceDb, type TestBooth,
} from './server-harness.ts';
import type { OpenDatabase } from '../../server/src/db/database.ts';
import { loadCredentials } from '../../electron/booth/sync/boothCredentials.ts';
import { keyFileProvider } from '../../electron/booth/crypto/keyFileProvider.ts';
import { SignedClient } from '../../electron/booth/sync/signedClient.ts';
import { uploadBody, uploadMetadata } from '../../electron/booth/sync/uploadJob.ts';
import { quietLog } from './fixtures/boothStoreSetup.ts';
import { API_PREFIX, UPLOAD_PARTS } from '../../shared/sync/protocol.ts';

const ADMIN_PASSWORD = 'correct horse battery';
const dialects = [
  { name: 'SQLite', postgres: false },
  { name: 'PostgreSQL', postgres: true },
] as const;

describe.each(dialects)('booth sync with the review service on $name', ({ postgres }) => {
  let dataDir = '';
  let pgDb: { url: string; drop(): Promise<void> } | null = null;
  let env: Record<string, string> = {};
  let service: ServiceProcess;
  let proxy: FaultProxy;
  let booth: TestBooth;
  let photos: PhotoPair[];
  let codes: { code: string; last4: string; degree: string }[];
  let nextCode = 0;
  let admin: Awaited<ReturnType<typeof staffLogin>>;
  let reviewer: Awaited<ReturnType<typeof staffLogin>>;
  const accepted: string[] = [];
  const secrets = new Map<string, string>();
  const codeOf = new Map<string, number>();
  const extraBooths: TestBooth[] = [];

  const newEnrollmentCode = async (label: string): Promise<string> => {
    const res = await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label, school: '华东示范大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'free' }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { code: string }).code;
  };

  const accept = async (count: number, on: TestBooth = booth, codeIndex?: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const index = codeIndex ?? nextCode++;
      const { submissionId, secret } = await acceptTestSubmission(on, photos[index % photos.length]!, codes[index]!);
      ids.push(submissionId);
      secrets.set(submissionId, secret);
      codeOf.set(submissionId, index);
    }
    accepted.push(...ids);
    return ids;
  };

  const acknowledgedOnBooth = (b: TestBooth = booth) => b.store.submissionCounts().acknowledged;

  const serverDb = <T>(fn: (db: OpenDatabase['db']) => Promise<T>): Promise<T> => withServiceDb(pgDb?.url, dataDir, fn);

  beforeAll(async () => {
    dataDir = await makeTempDir('review-service');
    if (postgres) pgDb = await createPgDatabase();
    env = { DATA_DIR: dataDir, ...(pgDb ? { DATABASE_URL: pgDb.url } : {}) };
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { ...env, ADMIN_PASSWORD });
    service = new ServiceProcess(env);
    await service.start();
    proxy = new FaultProxy();
    await proxy.start(service.port);
    admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    expect((await admin('/admin/api/users', { method: 'POST', body: JSON.stringify({ username: 'rev1', password: 'reviewer password 1', role: 'reviewer' }) })).status).toBe(200);
    reviewer = await staffLogin(service.url, 'rev1', 'reviewer password 1');
    photos = await loadPhotoPairs();
    codes = await issueCodes(pgDb?.url, dataDir, 60);
    booth = await openBooth();
    await booth.sync.enroll(proxy.url, await newEnrollmentCode('booth A'), 'booth A');
  });

  afterAll(async () => {
    for (const b of [booth, ...extraBooths]) await b?.close();
    await proxy?.stop();
    await service?.stop();
    await pgDb?.drop();
    await removeDir(dataDir);
  });

  it('a queued photo reaches the service and the booth marks it acknowledged', async () => {
    const ids = await accept(3);
    await drainOutbox(booth);
    expect(acknowledgedOnBooth()).toBe(3);
    const stored = await serverDb((db) => db.selectFrom('submissions').select(['id', 'state']).where('id', 'in', ids).execute());
    expect(stored.map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
  });

  it('a network cut mid-upload loses nothing: the outbox retries until the service has the photo', async () => {
    await accept(3);
    proxy.arm({ kind: 'cutRequest', afterBytes: 64 * 1024 }, { kind: 'cutRequest', afterBytes: 150 * 1024 }, { kind: 'cutRequest', afterBytes: 1000 });
    const { rounds } = await drainOutbox(booth);
    expect(proxy.applied.cutRequest).toBe(3);
    expect(rounds).toBeGreaterThan(1);
    expect(acknowledgedOnBooth()).toBe(6);
  });

  it('an answer lost after the service stored the photo is delivered again and answered with the stored record', async () => {
    const ids = await accept(2);
    proxy.arm({ kind: 'dropResponse' }, { kind: 'dropResponse' });
    await drainOutbox(booth);
    expect(proxy.applied.dropResponse).toBe(2);
    expect(acknowledgedOnBooth()).toBe(8);
    // each arrived twice, is stored once
    const received = await serverDb((db) => db.selectFrom('audit_log').select('subject').where('action', '=', 'submission.received').where('subject', 'in', ids).execute());
    expect(received).toHaveLength(2);
  });

  it('the service killed with kill -9 during uploads and restarted: every queued photo arrives', async () => {
    await accept(6);
    const before = acknowledgedOnBooth();
    const running = drainOutbox(booth).catch((error: unknown) => error);
    // kill as soon as the first of the six is through: the rest are in flight or waiting
    while (acknowledgedOnBooth() === before) await new Promise((resolve) => setTimeout(resolve, 2));
    await service.kill();
    expect(acknowledgedOnBooth()).toBeLessThan(14);
    await running;
    await service.start();
    proxy.targetPort = service.port;
    await drainOutbox(booth);
    expect(acknowledgedOnBooth()).toBe(14);
    admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    reviewer = await staffLogin(service.url, 'rev1', 'reviewer password 1');
  });

  it('a burst of 5xx answers only delays uploads', async () => {
    await accept(3);
    proxy.arm(...Array.from({ length: 6 }, () => ({ kind: 'http503' as const })));
    await drainOutbox(booth);
    expect(proxy.applied.http503).toBe(6);
    expect(acknowledgedOnBooth()).toBe(17);
  });

  it('a replayed signed request is refused, a fresh signature gets the stored record, other content for the same id is a conflict', async () => {
    const [id] = await accept(1);
    const dataKey = await keyFileProvider({ path: path.join(booth.dir, 'key', 'booth.key'), log: quietLog }).loadKey();
    const credentials = loadCredentials(booth.store, dataKey)!;
    const client = new SignedClient({ baseUrl: service.url, boothId: credentials.boothId, privateKey: credentials.privateKey });
    const submission = await booth.store.readSubmissionForUpload(id!);
    const body = await uploadBody(uploadMetadata(submission, credentials.config, quietLog), submission.standardized.jpeg, submission.original.jpeg);
    const target = `${API_PREFIX}/submissions/${id}`;
    const headers = { ...client.signHeaders('PUT', target, body.bytes), 'content-type': body.contentType };
    const send = (h: Record<string, string>, b: Uint8Array) => fetch(service.url + target, { method: 'PUT', headers: h, body: b as Uint8Array<ArrayBuffer> });

    const first = await send(headers, body.bytes);
    expect(first.status).toBe(201);
    const replay = await send(headers, body.bytes);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: string }).error).toBe('replayed');
    const again = await send({ ...client.signHeaders('PUT', target, body.bytes), 'content-type': body.contentType }, body.bytes);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { submissionId: string }).submissionId).toBe(id);

    const changed = await uploadBody({ ...uploadMetadata(submission, credentials.config, quietLog), checks: [] }, submission.standardized.jpeg, submission.original.jpeg);
    const conflict = await send({ ...client.signHeaders('PUT', target, changed.bytes), 'content-type': changed.contentType }, changed.bytes);
    expect(conflict.status).toBe(409);

    // the outbox still delivers its own copy: 200, acknowledged
    await drainOutbox(booth);
    expect(acknowledgedOnBooth()).toBe(18);
  });

  it('a body altered in transit is refused; bad hashes and malformed multipart are 400 and an oversized upload 413', async () => {
    const [id] = await accept(1);
    const dataKey = await keyFileProvider({ path: path.join(booth.dir, 'key', 'booth.key'), log: quietLog }).loadKey();
    const credentials = loadCredentials(booth.store, dataKey)!;
    const client = new SignedClient({ baseUrl: service.url, boothId: credentials.boothId, privateKey: credentials.privateKey });
    const submission = await booth.store.readSubmissionForUpload(id!);
    const metadata = uploadMetadata(submission, credentials.config, quietLog);
    const body = await uploadBody(metadata, submission.standardized.jpeg, submission.original.jpeg);
    const target = `${API_PREFIX}/submissions/${id}`;
    // each body has its own multipart boundary, named in its content type
    const send = (h: Record<string, string>, b: Uint8Array, contentType = body.contentType) => fetch(service.url + target, { method: 'PUT', headers: { ...h, 'content-type': contentType }, body: b as Uint8Array<ArrayBuffer> });

    const tampered = Buffer.from(body.bytes);
    tampered[tampered.length - 200] = (tampered[tampered.length - 200]! + 1) % 256;
    const refused = await send(client.signHeaders('PUT', target, body.bytes), tampered);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('body_digest_mismatch');

    // correctly signed, but the original is not the photo its hash names
    const otherOriginal = Buffer.from(submission.original.jpeg);
    otherOriginal[otherOriginal.length - 10] = (otherOriginal[otherOriginal.length - 10]! + 1) % 256;
    const badHash = await uploadBody(metadata, submission.standardized.jpeg, otherOriginal);
    const bad = await send(client.signHeaders('PUT', target, badHash.bytes), badHash.bytes, badHash.contentType);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('hash_mismatch');

    // correctly signed, but not a well-formed upload: cut short, a part twice, a part missing
    const signedPut = async (bytes: Uint8Array, contentType: string): Promise<string> => {
      const answer = await send(client.signHeaders('PUT', target, bytes), bytes, contentType);
      expect(answer.status).toBe(400);
      return ((await answer.json()) as { error: string }).error;
    };
    expect(await signedPut(body.bytes.subarray(0, body.bytes.length - 100), body.contentType)).toBe('bad_multipart');
    const form = async (names: string[]): Promise<{ bytes: Uint8Array; contentType: string }> => {
      const parts = new FormData();
      for (const name of names) parts.append(name, new Blob([submission.standardized.jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), `${name}.jpg`);
      const encoded = new Response(parts);
      return { bytes: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
    };
    const twice = await form([UPLOAD_PARTS.metadata, UPLOAD_PARTS.standardized, UPLOAD_PARTS.standardized]);
    expect(await signedPut(twice.bytes, twice.contentType)).toBe('bad_multipart');
    const missing = await form([UPLOAD_PARTS.metadata, UPLOAD_PARTS.standardized]);
    expect(await signedPut(missing.bytes, missing.contentType)).toBe('missing_part');

    const huge = await uploadBody(metadata, submission.standardized.jpeg, Buffer.alloc(17 * 1024 * 1024, 0xff));
    const tooLarge = await send(client.signHeaders('PUT', target, huge.bytes), huge.bytes, huge.contentType).catch((error: unknown) => error);
    // the service may answer 413 before reading the rest, or close the connection on the oversized body
    if (tooLarge instanceof Response) expect(tooLarge.status).toBe(413);
    else expect(String(tooLarge)).toMatch(/fetch failed|EPIPE|ECONNRESET|other side closed/);

    const stored = await serverDb((db) => db.selectFrom('submissions').select('id').where('id', '=', id!).execute());
    expect(stored).toHaveLength(0);
    await drainOutbox(booth);
    expect(acknowledgedOnBooth()).toBe(19);
  });

  it('a booth clock 10 minutes off is refused, and the outbox corrects itself from the service clock', async () => {
    const skewed = await openBooth({ clock: () => Date.now() + 10 * 60_000 });
    extraBooths.push(skewed);
    const dataKeyless = new SignedClient({ baseUrl: service.url, boothId: 'enroll', privateKey: (await import('node:crypto')).generateKeyPairSync('ed25519').privateKey, clock: () => Date.now() + 10 * 60_000 });
    const raw = await fetch(`${service.url}${API_PREFIX}/health`);
    expect(raw.status).toBe(200);
    const skewRefusal = await fetch(`${service.url}${API_PREFIX}/booths/X/events`, { headers: dataKeyless.signHeaders('GET', `${API_PREFIX}/booths/X/events`, new Uint8Array(0)) });
    expect(skewRefusal.status).toBe(401);
    expect(((await skewRefusal.json()) as { error: string }).error).toBe('clock_skew');

    await skewed.sync.enroll(proxy.url, await newEnrollmentCode('skewed booth'), 'skewed booth');
    await accept(2, skewed);
    await drainOutbox(skewed);
    expect(acknowledgedOnBooth(skewed)).toBe(2);
    expect(skewed.sync.status().clockOffsetMs).toBeLessThan(-9 * 60_000);
  });

  it('one live submission per collection code: a second is refused until the first is rejected', async () => {
    const [firstId] = await accept(1);
    await drainOutbox(booth);
    const [secondId] = await accept(1, booth, codeOf.get(firstId!));
    await drainOutbox(booth);
    expect(booth.queue.snapshot().dead).toBe(1);
    expect(booth.store.audit.recent(5, 'submission.refused').map((e) => e.subject)).toContain(secondId);

    const reject = await reviewer(`/review/api/submissions/${firstId}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'reject', reasons: ['hair.ears'], note: '' }) });
    expect(reject.status).toBe(200);
    expect(booth.queue.retryDead()).toBe(1);
    await drainOutbox(booth);
    expect(booth.queue.snapshot().dead).toBe(0);
    const states = await serverDb((db) => db.selectFrom('submissions').select(['id', 'state']).where('id', 'in', [firstId!, secondId!]).orderBy('id').execute());
    expect(states.map((s) => s.state).sort()).toEqual(['pending', 'rejected']);
  });

  it('reviewer decisions, withdrawal and transmission reach the booth; the student page shows them in Chinese', async () => {
    const queue = (await (await reviewer('/review/api/queue?limit=200')).json()) as { pending: number; items: { id: string }[] };
    const mine = queue.items.map((i) => i.id).filter((id) => accepted.includes(id));
    expect(mine.length).toBeGreaterThan(5);
    const [toReject, toWithdraw, ...toApprove] = mine;
    const rejected = await reviewer(`/review/api/submissions/${toReject}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'reject', reasons: ['clothes.blue', 'geom.roll'], note: '请换衣服' }) });
    expect(rejected.status).toBe(200);
    for (const id of toApprove.slice(0, 4)) {
      expect((await reviewer(`/review/api/submissions/${id}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'approve' }) })).status).toBe(200);
    }
    // approved is final
    const again = await reviewer(`/review/api/submissions/${toApprove[0]}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'reject', reasons: ['other'], note: 'x' }) });
    expect(again.status).toBe(409);

    const withdraw = await fetch(`${service.url}/s/${toWithdraw}/withdraw`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `k=${secrets.get(toWithdraw!)}`, redirect: 'manual' });
    expect(withdraw.status).toBe(303);
    const page = await (await fetch(`${service.url}/s/${toReject}?k=${secrets.get(toReject!)}`)).text();
    expect(page).toContain('审核未通过');
    expect(page).toContain('蓝色背景下不能穿蓝色衣服');
    expect((await fetch(`${service.url}/s/${toReject}?k=wrong-secret`)).status).toBe(404);

    const transmitted = (await (await admin('/admin/api/transmit', { method: 'POST', body: '{}' })).json()) as { sent: number; accepted: number };
    expect(transmitted.accepted).toBe(transmitted.sent);
    expect(transmitted.sent).toBe(4);
    expect(await (await fetch(`${service.url}/s/${toApprove[0]}?k=${secrets.get(toApprove[0]!)}`)).text()).toContain('采集完成');

    booth.sync.syncNow();
    await drainOutbox(booth);
    const decisions = booth.sync.status().decisions;
    expect(decisions.counts.rejected).toBe(2);
    expect(decisions.counts.withdrawn).toBe(1);
    expect(decisions.counts.approved).toBe(4);
    expect(decisions.counts.transmitting).toBe(4);
    expect(decisions.counts.done).toBe(4);
    expect(decisions.recent.find((d) => d.submissionId === toReject)?.reasons).toEqual(['clothes.blue', 'geom.roll']);
    const audit = (await (await reviewer(`/review/api/audit?subject=${toReject}`)).json()) as { action: string; actor: string }[];
    expect(audit.map((a) => a.action)).toContain('submission.rejected');
    expect(audit.find((a) => a.action === 'submission.rejected')?.actor).toBe('user:rev1');

    const beat = (await (await admin('/admin/api/booths')).json()) as { label: string; lastHeartbeatAt: number | null; queueLength: number | null }[];
    expect(beat.find((b) => b.label === 'booth A')?.lastHeartbeatAt).toBeGreaterThan(0);
  });

  it('zero lost, zero duplicated: every photo the booths accepted is at the service exactly once', async () => {
    const boothIds = [booth, ...extraBooths].flatMap((b) => [
      ...b.store.listSubmissionIds('queued'), ...b.store.listSubmissionIds('acknowledged'), ...b.store.listSubmissionIds('purged'),
    ]);
    const serverIds = await serverDb((db) => db.selectFrom('submissions').select('id').execute());
    const serverSet = new Set(serverIds.map((r) => r.id));
    const lost = accepted.filter((id) => !serverSet.has(id));
    const unacknowledged = [booth, ...extraBooths].reduce((n, b) => n + b.store.submissionCounts().queued, 0);
    console.log(`[${postgres ? 'postgres' : 'sqlite'}] accepted at booths: ${accepted.length}, stored at service: ${serverSet.size} (rows ${serverIds.length}), lost: ${lost.length}, duplicated: ${serverIds.length - serverSet.size}, unacknowledged: ${unacknowledged}, faults: ${JSON.stringify(proxy.applied)}`);
    expect(new Set(boothIds)).toEqual(new Set(accepted));
    expect(lost).toEqual([]);
    expect(serverIds.length).toBe(accepted.length);
    expect(unacknowledged).toBe(0);
  });
});
