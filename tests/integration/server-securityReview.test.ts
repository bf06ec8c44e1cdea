// The review service under the outside security review's probes (issue 17), against the real service
// process on loopback (behind its proxy: TRUST_PROXY=1, so each probe comes from an address of its own):
// guess limits that uploads and parallel requests cannot walk around, no form or cross-origin request
// on a cookie route, the status secret kept out of the log, security headers, payment off unless named,
// orders private to their booth, and photos that must be whole JPEG files.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ulid } from 'ulid';
import { newKeyPair } from '../../electron/booth/sync/boothCredentials.ts';
import { jsonBody, SignedClient } from '../../electron/booth/sync/signedClient.ts';
import { uploadBody } from '../../electron/booth/sync/uploadJob.ts';
import { cancelOrder, createOrder, fetchOrder } from '../../electron/booth/payment/paymentClient.ts';
import { collectionCodeKey } from '../../shared/payment/collectionCodeKey.ts';
import { API_PREFIX, EnrollResponseSchema, type SubmissionMetadata } from '../../shared/sync/protocol.ts';
import { GUESS_LIMITS } from '../../server/src/codes/guessLimiter.ts';
import { loadPhotoPairs, type PhotoPair } from './fixtures/boothPhotos.ts';
import { issueCodes, makeTempDir, removeDir, runTool, ServiceProcess, staffLogin } from './server-harness.ts';

const ADMIN_PASSWORD = 'security review admin';
const REVIEWER_PASSWORD = 'security review reviewer';
const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
type Code = { code: string; last4: string; degree: string };

/** another last 4 of the same shape (a wrong guess) */
const wrongLast4 = (last4: string): string => (last4.startsWith('0') ? `1${last4.slice(1)}` : `0${last4.slice(1)}`);

async function enrol(serviceUrl: string, admin: Awaited<ReturnType<typeof staffLogin>>, label: string, paymentMode = 'free'): Promise<SignedClient> {
  const { code } = (await (await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label, school: '华东示范大学', degreeCategories: ['本科', '硕士研究生', '专科'], paymentMode }) })).json()) as { code: string };
  const { publicKey, privateKey } = newKeyPair();
  const enrolling = new SignedClient({ baseUrl: serviceUrl, boothId: 'enroll', privateKey });
  const enrolled = EnrollResponseSchema.parse((await enrolling.call('POST', `${API_PREFIX}/enroll`, 'enroll', jsonBody({ enrollmentCode: code, publicKey, label }))).body);
  return new SignedClient({ baseUrl: serviceUrl, boothId: enrolled.boothId, privateKey });
}

/** A signed upload as the booth's outbox sends it, with the last 4 and the photo bytes as given. */
async function upload(booth: SignedClient, code: Code, last4: string, photo: PhotoPair, options: { secret?: string; paymentRef?: string; standardized?: Buffer } = {}) {
  const standardized = options.standardized ?? photo.standardizedJpeg;
  const metadata: SubmissionMetadata = {
    submissionId: ulid(), collectionCode: code.code, last4, degreeCategory: code.degree as SubmissionMetadata['degreeCategory'], checks: [], overrides: [], guideNote: null,
    landmarks: { points: [], headTopY: 80, eyeLineY: 250, faceLeftX: 150, faceRightX: 330, rollDeg: 0 },
    session: { startedAt: Date.now(), capturedAt: Date.now(), acceptedAt: Date.now(), retakes: 0, paymentMode: 'free', deferredVerification: true, ...(options.paymentRef ? { paymentRef: options.paymentRef } : {}) },
    standardizedSha256: sha256(standardized), originalSha256: sha256(photo.originalJpeg), statusSecretSha256: sha256(options.secret ?? randomBytes(16).toString('hex')),
  };
  const body = await uploadBody(metadata, standardized, photo.originalJpeg);
  const answer = await booth.send('PUT', `${API_PREFIX}/submissions/${metadata.submissionId}`, { bytes: body.bytes, contentType: body.contentType });
  return { id: metadata.submissionId, status: answer.status, body: answer.body as { state?: string; error?: string } };
}

const resolve = (booth: SignedClient, code: Code, last4: string) => booth.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code: code.code, last4 }));

let dataDir = '';
let service: ServiceProcess;
let admin: Awaited<ReturnType<typeof staffLogin>>;
let booth: SignedClient;
let photos: PhotoPair[];
let codes: Code[];
let address = 0;
/** a client address of its own (the proxy's X-Forwarded-For), so one probe's counts never meet another's */
const newAddress = (): string => `198.51.100.${++address}`;

beforeAll(async () => {
  dataDir = await makeTempDir('security-review');
  await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { DATA_DIR: dataDir, ADMIN_PASSWORD });
  service = new ServiceProcess({ DATA_DIR: dataDir, PAYMENT_PROVIDER: 'sandbox', TRUST_PROXY: '1', LOG_LEVEL: 'info' });
  await service.start();
  admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
  // rev works in the tests; the lockout probes aim at accounts of their own
  for (const username of ['rev', 'rev-parallel', 'rev-owner']) {
    expect((await admin('/admin/api/users', { method: 'POST', body: JSON.stringify({ username, password: REVIEWER_PASSWORD, role: 'reviewer' }) })).status).toBe(200);
  }
  booth = await enrol(service.url, admin, 'security booth');
  photos = await loadPhotoPairs();
  codes = await issueCodes(undefined, dataDir, 12, 100);
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await removeDir(dataDir);
});

describe('one guess limit for every path that checks a last 4 (finding 2)', () => {
  test('a booth uploading guess after guess gets no more tries than /codes/resolve: after 5 wrong, the right last 4 is refused and no photo waits for review', async () => {
    const code = codes[0] as Code;
    const photo = photos[0] as PhotoPair;
    for (let i = 0; i < GUESS_LIMITS.perCode.failures; i++) {
      const wrong = await upload(booth, code, wrongLast4(code.last4), photo);
      expect([wrong.status, wrong.body.state]).toEqual([201, 'rejected']);
    }
    const right = await upload(booth, code, code.last4, photo);
    expect([right.status, right.body.error]).toEqual([429, 'too_many_guesses']);
    expect((await resolve(booth, code, code.last4)).status).toBe(429);
    const reviewer = await staffLogin(service.url, 'rev', REVIEWER_PASSWORD);
    const queue = (await (await reviewer('/review/api/queue')).json()) as { items: { id: string }[] };
    expect(queue.items.map((i) => i.id)).not.toContain(right.id);
  });

  test('parallel wrong last-4 guesses at /codes/resolve are all counted: at most 5 of 20 are answered, the rest are refused', async () => {
    const code = codes[1] as Code;
    const answers = await Promise.all(Array.from({ length: 20 }, () => resolve(booth, code, wrongLast4(code.last4))));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(GUESS_LIMITS.perCode.failures);
    expect(statuses.filter((s) => s !== 422).every((s) => s === 429)).toBe(true);
    expect((await resolve(booth, code, code.last4)).status).toBe(429);
  });
});

describe('the staff login lockout (finding 3)', () => {
  const login = (username: string, password: string, from: string, cookie = '') => fetch(`${service.url}/staff/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from, ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ username, password }),
  });

  test('40 parallel wrong passwords: at most 10 are checked, the rest are refused before any password check', async () => {
    const from = newAddress();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('rev-parallel', `wrong password ${i}`, from)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(GUESS_LIMITS.perLogin.failures);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
  });

  test('one guess at each of many usernames from one address is limited too', async () => {
    const from = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < GUESS_LIMITS.perAddress.failures + 5; i++) statuses.push((await login(`someone${i}`, 'a guessed password', from)).status);
    expect(statuses.slice(0, GUESS_LIMITS.perAddress.failures).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(GUESS_LIMITS.perAddress.failures)).toEqual(Array(5).fill(429));
  });

  test('others locking a username do not lock its owner out of the browser they logged in with', async () => {
    const owner = newAddress();
    const first = await login('rev-owner', REVIEWER_PASSWORD, owner);
    expect(first.status).toBe(200);
    const browserCookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('gb_browser=')) ?? '';
    expect(browserCookie).not.toBe('');
    for (let i = 0; i <= GUESS_LIMITS.perLogin.failures; i++) await login('rev-owner', `attacker guess ${i}`, newAddress());
    // a browser that never logged in as rev-owner is locked out: that is the attacker's
    expect((await login('rev-owner', REVIEWER_PASSWORD, newAddress())).status).toBe(429);
    expect((await login('rev-owner', REVIEWER_PASSWORD, owner, browserCookie)).status).toBe(200);
  });
});

describe('no form and no other origin on a cookie-authenticated route (finding 4)', () => {
  test('a form-encoded or cross-origin "create an admin" is refused and creates nobody; a form login is refused too', async () => {
    const form = 'username=intruder&password=intruder+password&role=admin';
    expect((await admin('/admin/api/users', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).status).toBe(415);
    const sibling = await admin('/admin/api/users', { method: 'POST', headers: { origin: 'https://clubs.university.example.edu' }, body: JSON.stringify({ username: 'intruder2', password: 'intruder password', role: 'admin' }) });
    expect(sibling.status).toBe(403);
    const users = (await (await admin('/admin/api/users')).json()) as { username: string }[];
    expect(users.map((u) => u.username)).not.toContain('intruder');
    expect(users.map((u) => u.username)).not.toContain('intruder2');
    expect((await fetch(`${service.url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=admin&password=${encodeURIComponent(ADMIN_PASSWORD)}` })).status).toBe(415);
    // the admin page itself, from its own origin
    expect((await admin('/admin/api/users', { method: 'POST', headers: { origin: service.url }, body: JSON.stringify({ username: 'legit', password: 'a legit password', role: 'reviewer' }) })).status).toBe(200);
  });

  test('a multipart body is read on the upload route only (the unauthenticated login never buffers 16 MB)', async () => {
    const res = await fetch(`${service.url}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: Buffer.alloc(4 * 1024 * 1024, 0x61) });
    expect(res.status).toBe(415);
  });
});

describe('the student status page (findings 7, 8)', () => {
  test('the status secret never reaches the request log, and a repeated k answers 400 without a stack trace', async () => {
    const secret = `s3cret-${randomBytes(12).toString('hex')}`;
    const stored = await upload(booth, codes[2] as Code, (codes[2] as Code).last4, photos[1] as PhotoPair, { secret });
    expect(stored.status).toBe(201);
    const page = await fetch(`${service.url}/s/${stored.id}?k=${secret}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('待审核');
    const repeated = await fetch(`${service.url}/s/${stored.id}?k=a&k=b`);
    expect(repeated.status).toBe(400);
    await expect.poll(() => service.output).toContain(`/s/${stored.id}?k=[redacted]`);
    expect(service.output).not.toContain(secret);
    expect(service.output).not.toMatch(/"level":50/);
    // the page's withdraw form, posted as a browser posts it from the page (its referrer policy keeps the Origin)
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const withdraw = await fetch(`${service.url}/s/${stored.id}/withdraw`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: service.url }, body: `k=${secret}` });
    expect(withdraw.status).toBe(303);
  });
});

describe('security headers (finding 10)', () => {
  test('the reviewer and admin pages and the photos carry a CSP, frame-ancestors none, nosniff and no referrer', async () => {
    const stored = await upload(booth, codes[3] as Code, (codes[3] as Code).last4, photos[2] as PhotoPair);
    const reviewer = await staffLogin(service.url, 'rev', REVIEWER_PASSWORD);
    for (const answer of [await fetch(`${service.url}/review`), await fetch(`${service.url}/admin`), await reviewer(`/review/api/submissions/${stored.id}/standardized.jpg`)]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      expect([answer.headers.get('x-content-type-options'), answer.headers.get('x-frame-options'), answer.headers.get('referrer-policy')]).toEqual(['nosniff', 'DENY', 'same-origin']);
    }
    // the pages may run exactly their own inline scripts
    expect((await fetch(`${service.url}/review`)).headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});

describe('payment orders (findings 11, 12)', () => {
  test('another booth cannot read or cancel an order by the id its QR shows; naming the code opens it', async () => {
    const online = await enrol(service.url, admin, 'online A', 'online');
    const other = await enrol(service.url, admin, 'online B', 'online');
    const codeKey = await collectionCodeKey(`SIM1${randomBytes(30).toString('base64url')}`);
    const order = await createOrder(online, { codeKey, amountFen: 1250, idempotencyKey: ulid() });
    expect((await other.send('GET', `${API_PREFIX}/payment/orders/${order.orderId}`)).status).toBe(404);
    expect((await other.send('POST', `${API_PREFIX}/payment/orders/${order.orderId}/cancel`, jsonBody({}))).status).toBe(404);
    expect((await fetchOrder(online, order.orderId, codeKey)).state).toBe('created');
    // a second session of the same code at the other booth was handed this order and may poll it
    expect((await fetchOrder(other, order.orderId, codeKey)).state).toBe('created');
    expect((await cancelOrder(online, order.orderId, codeKey)).state).toBe('closed');
  });

  test('without PAYMENT_PROVIDER the service says online payment is off, takes no order and has no sandbox pay page', async () => {
    const offDir = await makeTempDir('security-review-nopay');
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { DATA_DIR: offDir, ADMIN_PASSWORD });
    const off = new ServiceProcess({ DATA_DIR: offDir, PAYMENT_PROVIDER: '' });
    try {
      await off.start();
      // the warning is logged while the service starts; its line may reach the pipe just after the listening line
      await expect.poll(() => off.output).toContain('online payment is off (PAYMENT_PROVIDER is not set)');
      const offAdmin = await staffLogin(off.url, 'admin', ADMIN_PASSWORD);
      const offBooth = await enrol(off.url, offAdmin, 'online booth', 'online');
      const refused = await offBooth.send('POST', `${API_PREFIX}/payment/orders`, jsonBody({ codeKey: await collectionCodeKey('SIM1-off'), amountFen: 1250, idempotencyKey: ulid() }));
      expect([refused.status, (refused.body as { error: string }).error]).toEqual([503, 'payment_off']);
      expect((await fetch(`${off.url}/pay/sandbox/${ulid()}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(404);
    } finally {
      await off.stop();
      await removeDir(offDir);
    }
    // and the sandbox, when named, says what it is
    expect(service.output).toContain('PAYMENT_PROVIDER=sandbox: no money moves');
  });
});

describe('photos must be whole JPEG files (finding 13)', () => {
  test('three JPEG bytes followed by HTML, or a JPEG with a page after its end, are refused and never stored', async () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    const photo = photos[0] as PhotoPair;
    for (const standardized of [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), html]), Buffer.concat([photo.standardizedJpeg, html])]) {
      const refused = await upload(booth, codes[4] as Code, (codes[4] as Code).last4, photo, { standardized });
      expect([refused.status, refused.body.error]).toEqual([400, 'not_jpeg']);
    }
    expect((await upload(booth, codes[4] as Code, (codes[4] as Code).last4, photo)).status).toBe(201);
  });
});

describe('what reviewers see (also seen)', () => {
  test('a reviewer sees no payment reference and only the audit of submissions; an admin sees the whole log', async () => {
    const stored = await upload(booth, codes[5] as Code, (codes[5] as Code).last4, photos[1] as PhotoPair, { paymentRef: 'order:01J0000000000000000000000A' });
    const reviewer = await staffLogin(service.url, 'rev', REVIEWER_PASSWORD);
    const seen = (await (await reviewer(`/review/api/submissions/${stored.id}`)).json()) as { session: Record<string, unknown> };
    expect(seen.session).toMatchObject({ retakes: 0 });
    expect(seen.session).not.toHaveProperty('paymentRef');
    const actions = async (as: typeof reviewer) => ((await (await as('/review/api/audit')).json()) as { action: string }[]).map((e) => e.action);
    expect((await actions(reviewer)).every((a) => a.startsWith('submission.'))).toBe(true);
    expect(await actions(admin)).toContain('user.created');
    expect(((await (await reviewer('/review/api/queue?limit=-1')).json()) as { items: unknown[] }).items.length).toBeLessThanOrEqual(50);
  });
});
