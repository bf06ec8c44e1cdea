// Deferred verification through the booth API: a booth that cannot reach its review service refuses
// the student ("try later") unless the operator allowed deferred verification; then the student goes
// on without a resolved record, and the accepted photo is stored as a deferred submission whose code
// the sync resolves later (the service side of that is tests/integration/server-api.test.ts).
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { boothApiHandlers, openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { modelsDir } from '../../scripts/models.ts';
import { analyzeFiles } from '../../tools/analysisCache.ts';
import { toWire } from '../../shared/vision/analysisWire.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

const CODE = 'S0FFLINE-CODE-7Q2M9XKD4P';
/** the operator's own PIN: the documented initial one overrides nothing */
const OPERATOR_PIN = '580316';
const opened: { booth: Booth; dir: string }[] = [];
afterEach(async () => {
  for (const { booth, dir } of opened.splice(0)) {
    await booth.close();
    await removeDir(dir);
  }
});

/** An Electron-like booth (no demo roster) that is not enrolled: its resolver cannot be reached. */
async function offlineBooth(deferredVerification: boolean) {
  const dir = await makeTempDir('deferred-booth');
  const booth = await openBooth({ appVersion: 'test', demo: false, dataDir: path.join(dir, 'data'), serviceUrl: 'http://127.0.0.1:9', initialStaffPin: OPERATOR_PIN });
  opened.push({ booth, dir });
  const saved = booth.staff.settings.save({ ...booth.staff.settings.local(), deferredVerification });
  if (!saved.ok) throw new Error(saved.problems.join('; '));
  const { handlers } = boothApiHandlers(booth, { modelsDir, emit: () => {} });
  return { booth, handlers };
}

describe('deferred verification at the booth', () => {
  test('offline without the setting: the student is asked to try later, and no wrong-digit attempt is counted', async () => {
    const { handlers } = await offlineBooth(false);
    const scan = await handlers['session.scan']({ code: CODE, source: 'wedge' });
    if (!scan.ok) throw new Error(scan.error.message_en);
    const verify = await handlers['session.verify']({ sessionId: scan.sessionId, last4: '123X' });
    expect(verify).toMatchObject({ ok: false, error: { code: 'resolver_unavailable' }, locked: false, attemptsLeft: 5 });
    expect(await handlers['session.confirm']({ sessionId: scan.sessionId, categoryId: 'bachelor', consent: true })).toMatchObject({ ok: false, error: { code: 'out_of_order' } });
  });

  test('offline with the setting: the student goes on, and the accepted photo is a deferred submission queued for resolution', async () => {
    const { booth, handlers } = await offlineBooth(true);
    const scan = await handlers['session.scan']({ code: CODE, source: 'wedge' });
    if (!scan.ok) throw new Error(scan.error.message_en);
    const verify = await handlers['session.verify']({ sessionId: scan.sessionId, last4: '123X' });
    expect(verify).toMatchObject({ ok: true, deferred: true, record: { categoryId: null } });
    expect(await handlers['session.confirm']({ sessionId: scan.sessionId, categoryId: 'bachelor', consent: true })).toEqual({ ok: true, paymentRequired: false });

    const file = path.join(EVAL_DATA, 'portraits-hivision', 'test0.jpg');
    const analysis = (await analyzeFiles([file])).get(file)!;
    const capture = await handlers['session.capture']({ sessionId: scan.sessionId, jpegBase64: (await readFile(file)).toString('base64'), analysis: toWire(analysis), guideNote: null, parseId: null });
    if (!capture.ok) throw new Error(capture.error.message_en);
    // the operator lets whatever failed through, so the test is about verification, not the photo
    const overrides = capture.checks.filter((c) => c.verdict === 'fail').map((c) => ({ ruleId: c.id, reason: 'test: verification only', operatorPin: OPERATOR_PIN }));
    const accepted = await handlers['session.accept']({ sessionId: scan.sessionId, photoId: capture.photoId, overrides });
    if (!accepted.ok) throw new Error(accepted.error.message_en);

    const read = await booth.store.readSubmissionForUpload(accepted.submissionId);
    expect(read.verification).toBe('deferred');
    expect(read.personal).toMatchObject({ code: CODE, last4: '123X' });
    expect(read.metadata).toMatchObject({ session: { deferredVerification: true } });
    const resolveJobs = booth.store.jobs.countsByKind()['code.resolve'];
    expect((resolveJobs?.pending ?? 0) + (resolveJobs?.running ?? 0)).toBe(1);
  });
});
