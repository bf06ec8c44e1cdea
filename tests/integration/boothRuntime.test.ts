// The booth as a host starts it (the web host's booth: store, job queue, sync, retention), against
// the real review service: once enrolled, an accepted photo uploads by itself and is acknowledged.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boothApiHandlers, openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import type { BoothConfig } from '../../shared/api/boothApi.ts';
import { modelsDir } from '../../scripts/models.ts';
import { parseCollectionCode } from '../../electron/booth/codes/codeParser.ts';
import { newStatusSecret } from '../../electron/booth/sync/statusReceipt.ts';
import { loadPhotoPairs } from './fixtures/boothPhotos.ts';
import { SAMPLE_CHECKS } from './fixtures/boothStoreSetup.ts';
import { issueCodes, makeTempDir, removeDir, runTool, ServiceProcess, staffLogin } from './server-harness.ts';

const ADMIN_PASSWORD = 'runtime test admin password';

describe('the booth runtime both hosts start', () => {
  let dataDir = '';
  let service: ServiceProcess;
  let booth: Booth;

  beforeAll(async () => {
    dataDir = await makeTempDir('runtime-service');
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { DATA_DIR: dataDir, ADMIN_PASSWORD });
    service = new ServiceProcess({ DATA_DIR: dataDir });
    await service.start();
    booth = await openBooth({ appVersion: 'test', demo: true, dataDir: await mkdtemp(path.join(tmpdir(), 'gradbooth-runtime-')), serviceUrl: service.url });
  });

  afterAll(async () => {
    await booth?.close();
    await service?.stop();
    await removeDir(dataDir);
  });

  it('learns the resolver\'s code shape at enrollment, resolves codes through it, then uploads an accepted photo by itself and marks it acknowledged', async () => {
    const admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    const res = await admin('/admin/api/enrollment-codes', { method: 'POST', body: JSON.stringify({ label: 'kiosk', school: '华东示范大学', degreeCategories: ['本科'], paymentMode: 'free' }) });
    const { code: enrollmentCode } = (await res.json()) as { code: string };
    const credentials = await booth.runtime.sync.enroll(service.url, enrollmentCode, 'kiosk');

    const [photo] = await loadPhotoPairs();
    const [student] = await issueCodes(undefined, dataDir, 1);
    // the service's resolver declared which codes it accepts: the booth can refuse a wrong scan at once
    expect(credentials.codeShape.id).toBe('simulator-v1');
    expect(parseCollectionCode(student!.code, credentials.codeShape).ok).toBe(true);
    expect(parseCollectionCode('wxp://f2f0' + 'A'.repeat(60), credentials.codeShape)).toMatchObject({ ok: false, error: { reason: 'shape_rejected' } });
    // and the booth's code resolution now goes to the service's resolver, not the demo stand-in
    expect(booth.ports.classifyCode(student!.code)).toMatchObject({ ok: true });
    const resolution = await booth.ports.resolveCode(student!.code, student!.last4);
    // the service masks the school as well as the name (the demo stand-in shows the school plainly)
    expect(resolution).toMatchObject({ ok: true, record: { maskedName: expect.stringContaining('*'), school: expect.stringContaining('*') } });
    const now = Date.now();
    const { submissionId } = await booth.store.acceptSubmission({
      sessionId: null,
      standardizedJpeg: photo!.standardizedJpeg,
      originalJpeg: photo!.originalJpeg,
      checks: SAMPLE_CHECKS,
      metadata: {
        statusSecret: newStatusSecret(),
        overrides: [],
        landmarks: { points: [200, 250, 280, 250, 240, 330], headTopY: 80, eyeLineY: 250, faceLeftX: 150, faceRightX: 330, rollDeg: 0.5 },
        session: { startedAt: now - 60_000, capturedAt: now - 20_000, acceptedAt: now, retakes: 0, paymentMode: 'free', deferredVerification: false },
      },
      verification: 'verified',
      personal: { code: student!.code, last4: student!.last4, maskedName: '王*明', school: '华东示范大学', category: student!.degree },
    });

    // nobody drives the queue here: the runtime's runner picks the upload job up on its own
    const deadline = Date.now() + 30_000;
    while (booth.store.submissionCounts().acknowledged < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(booth.store.submissionCounts().acknowledged).toBe(1);
    const status = booth.runtime.sync.status();
    expect(status.enrolled).toBe(true);
    expect(status.queued).toBe(0);
    console.log(`runtime upload: ${submissionId} acknowledged; sync status queued=${status.queued} acknowledged=${status.acknowledged}`);
  });

  it('a new assignment from the service (学历类别, payment mode) reaches the open kiosk as its new configuration', async () => {
    const pushed: BoothConfig[] = [];
    boothApiHandlers(booth, { modelsDir, emit: (event, payload) => event === 'booth.configChanged' && pushed.push(payload as BoothConfig) });
    const admin = await staffLogin(service.url, 'admin', ADMIN_PASSWORD);
    const boothId = booth.runtime.sync.status().boothId!;
    const res = await admin(`/admin/api/booths/${boothId}/config`, { method: 'POST', body: JSON.stringify({ school: '华东示范大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'voucher' }) });
    expect(res.status).toBe(200);
    booth.runtime.sync.syncNow();
    await expect.poll(() => pushed.length, { timeout: 20_000 }).toBe(1);
    expect(pushed[0]!.payment.mode).toBe('voucher');
    expect(pushed[0]!.categories.map((c) => c.label.zh)).toEqual(['本科', '硕士研究生']);
  });
});
