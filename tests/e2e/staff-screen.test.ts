// The operator's staff screen in Debian Chromium through the web host, next to the kiosk page of
// the same booth: PIN lockout, the forced change of the initial PIN, backdrop calibration with the
// fake camera showing a real empty backdrop, a settings change taking effect in the kiosk, the
// student's session seen and helped from the Now view, a real upload to a running review service
// and its decision in the queue view, health, reports with CSV, and enrollment. Every view is
// photographed to test-output/screenshots/staff-*.png.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import { PIN_LIMITS } from '../../electron/booth/staff/staffPin.ts';
import { OUTPUT_DIR, PORTRAITS, makeCameraFile, scanWithWedge, screenshot, tapKeys } from './kioskHarness.ts';
import { emptyBackdropCamera, openView, staffLogin, startStaffRig, type StaffRig } from './staffHarness.ts';
import { issueCodes, makeTempDir, removeDir, runTool, ServiceProcess, staffLogin as serviceLogin } from '../integration/server-harness.ts';

const [zhang] = DEMO_ROSTER as [(typeof DEMO_ROSTER)[0]];
const NEW_PIN = '135790';
const rigs: StaffRig[] = [];
let portraitCamera = '';
let backdropCamera = '';

async function rig(camera: string): Promise<StaffRig> {
  const started = await startStaffRig(camera);
  rigs.push(started);
  return started;
}

/** first login with the documented initial PIN: the screen insists on a new one */
async function firstLogin(staff: Page): Promise<void> {
  await staffLogin(staff, '2468');
  await staff.waitForSelector('.staff[data-auth=changePin]');
  await staff.getByLabel('新密码', { exact: true }).fill(NEW_PIN);
  await staff.getByLabel('再次输入新密码').fill(NEW_PIN);
  await screenshot(staff, 'staff-01b-change-initial-pin');
  await staff.getByRole('button', { name: '保存新密码' }).click();
  await staff.waitForSelector('.staff[data-auth=open]');
}

/** a 采集码 of the service's simulator for a 本科 student: once enrolled, the booth resolves codes there */
async function issueServiceCode(serviceDir: string, skip = 0): Promise<{ code: string; last4: string }> {
  const issued = (await issueCodes(undefined, serviceDir, 40)).filter((c) => c.degree === '本科')[skip];
  if (!issued) throw new Error('the simulator issued no 本科 code');
  return issued;
}

beforeAll(async () => {
  portraitCamera = await makeCameraFile(path.join(PORTRAITS, 'test1.jpg'), path.join(OUTPUT_DIR, 'camera', 'portrait-test1.y4m'), { zoom: 1.1 });
  backdropCamera = await emptyBackdropCamera();
});

afterAll(async () => {
  for (const r of rigs) await r.close();
});

describe('the staff screen in Chromium', () => {
  test('the backdrop is calibrated from the fake camera showing an empty studio backdrop; five wrong PINs then lock the screen for five minutes, the right PIN included', async () => {
    const { staff, booth } = await rig(backdropCamera);
    await screenshot(staff, 'staff-01-login');
    await firstLogin(staff);
    // the initial PIN no longer works anywhere: the kiosk's override uses the same hashed PIN
    expect(booth.ports.checkOperatorPin('2468')).toBe('wrong');
    // (that was a wrong PIN too; the right one clears the count)
    expect(booth.ports.checkOperatorPin(NEW_PIN)).toBe('ok');

    await openView(staff, 'backdrop');
    await staff.waitForSelector('[data-testid=exposure]:not(:empty)');
    await staff.getByRole('button', { name: '校准', exact: true }).click();
    await staff.waitForSelector('[data-testid=calibrated]');
    await staff.waitForSelector('[data-testid=backdrop-verdict]');
    expect(await staff.getByTestId('backdrop-verdict').getAttribute('data-verdict')).toBe('good');
    const stored = booth.staff.backdrop.current();
    expect(stored?.verdict).toBe('good');
    // the fake camera's grey backdrop, as the booth measured it (test0's studio grey, about 200)
    for (const c of stored?.mean ?? []) expect(c).toBeGreaterThan(170);
    expect(booth.store.audit.recent(20).map((e) => e.action)).toContain('backdrop.calibrated');
    await screenshot(staff, 'staff-06-backdrop');

    await staff.getByRole('button', { name: '锁定' }).click();
    await staff.waitForSelector('.staff[data-auth=locked]');
    for (let i = 1; i <= PIN_LIMITS.failures; i++) {
      await staffLogin(staff, '111111');
      const expected = i < PIN_LIMITS.failures ? `还可尝试 ${PIN_LIMITS.failures - i} 次` : '输错次数过多，已锁定';
      await staff.getByRole('alert').filter({ hasText: expected }).waitFor();
    }
    await staffLogin(staff, NEW_PIN);
    await staff.getByRole('alert').filter({ hasText: '输错次数过多，已锁定' }).waitFor();
    expect(await staff.locator('.staff').getAttribute('data-auth')).toBe('locked');
    await screenshot(staff, 'staff-02-locked-out');
    // a staff call without a session is refused by the host, not just hidden by the page
    const res = await fetch(`${rigs[0]!.host.url}/api/staff/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call: 'staff.queue', input: {} }) });
    expect(res.status).toBe(401);
  });

  test('the operator changes settings and the kiosk follows at once; helps a real student (restart posing, override a failed check); enrolls the booth; the photo uploads to the running review service and its rejection comes back to the queue view; health and reports', async () => {
    // a real review service on loopback with an enrollment code for this booth
    const serviceDir = await makeTempDir('staff-service');
    const ADMIN_PASSWORD = 'admin password 1';
    await runTool('server/src/tools/createAdmin.ts', ['admin', 'admin'], { DATA_DIR: serviceDir, ADMIN_PASSWORD });
    const service = new ServiceProcess({ DATA_DIR: serviceDir });
    await service.start();
    try {
      const admin = await serviceLogin(service.url, 'admin', ADMIN_PASSWORD);
      const { code: enrollmentCode } = (await (await admin('/admin/api/enrollment-codes', {
        method: 'POST', body: JSON.stringify({ label: 'library booth', school: '华东示范大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'free' }),
      })).json()) as { code: string };

      const r = await rig(portraitCamera);
      const { staff, booth } = r;
      const kiosk = await r.kiosk();
      await firstLogin(staff);
      await screenshot(staff, 'staff-03-now-idle');

      // settings: English for each new student and a 10 s idle timeout, saved on the staff screen
      await openView(staff, 'settings');
      await staff.locator('select[name=language]').selectOption('en');
      await staff.locator('input[name=idleTimeoutSeconds]').fill('10');
      await staff.getByRole('button', { name: '保存设置' }).click();
      await staff.getByRole('status').filter({ hasText: '已保存' }).waitFor();
      // the kiosk's attract screen switches language without a reload
      await kiosk.locator('.kiosk-header h1', { hasText: 'Scan to start' }).waitFor({ timeout: 5000 });
      await screenshot(kiosk, 'staff-kiosk-after-settings-en');
      // and a session left on the verify screen clears itself after 10 s, not 90
      await scanWithWedge(kiosk, zhang.code);
      await kiosk.waitForSelector('[data-screen=verify]');
      const left = Date.now();
      await kiosk.waitForSelector('[data-screen=attract]', { timeout: 20_000 });
      expect(Date.now() - left).toBeGreaterThan(8000);
      expect(booth.store.audit.recent(50, 'settings.changed')[0]?.detail).toMatchObject({ language: { from: 'zh', to: 'en' }, idleTimeoutSeconds: { from: 90, to: 10 } });
      // back to Chinese and 90 s for the student session below
      await staff.locator('select[name=language]').selectOption('zh');
      await staff.locator('input[name=idleTimeoutSeconds]').fill('90');
      await staff.getByRole('button', { name: '保存设置' }).click();
      await kiosk.locator('.kiosk-header h1', { hasText: '扫码开始' }).waitFor({ timeout: 5000 });
      await screenshot(staff, 'staff-05-settings');

      // the queue view before enrollment: nothing can upload yet, and the screen says so
      await openView(staff, 'queue');
      await staff.getByText('本机尚未注册审核服务').waitFor();
      await screenshot(staff, 'staff-07-queue-not-enrolled');

      // enrollment with the service's one-time code
      await openView(staff, 'enroll');
      await staff.locator('input[name=serviceUrl]').fill(service.url);
      await staff.locator('input[name=enrollmentCode]').fill(enrollmentCode);
      await staff.locator('input[name=label]').fill('library booth');
      await staff.getByRole('button', { name: '注册', exact: true }).click();
      await staff.getByRole('status').filter({ hasText: '注册成功' }).waitFor({ timeout: 15_000 });
      // the pairing QR for a tablet: the LAN address and the booth certificate's fingerprint
      await staff.locator('[data-testid=pairing-qr] svg').waitFor();
      expect(await staff.getByTestId('fingerprint').innerText()).toBe(`SHA-256 ${r.lan.pairing.fingerprint}`);
      await screenshot(staff, 'staff-08-enrollment-pairing');
      // the service's assignment is read-only and shapes the kiosk: only 本科 and 硕士研究生 offered now
      await openView(staff, 'settings');
      expect(await staff.getByTestId('assigned-categories').inputValue()).toBe('本科、硕士研究生');
      expect(booth.ports.config().categories.map((c) => c.id)).toEqual(['bachelor', 'master']);

      // a student: scan, verify, consent, posing — the Now view follows with the masked name only
      // (enrolled, the booth resolves codes at the service: one of its simulator's 本科 students)
      const student = await issueServiceCode(serviceDir);
      await openView(staff, 'now');
      await scanWithWedge(kiosk, student.code);
      await kiosk.waitForSelector('[data-screen=verify]');
      await tapKeys(kiosk, student.last4);
      await kiosk.getByRole('button', { name: '确认' }).click();
      await kiosk.waitForSelector('[data-screen=confirm]');
      const maskedName = await kiosk.getByTestId('masked-name').innerText();
      await kiosk.getByRole('button', { name: '信息正确，下一步' }).click();
      await kiosk.getByRole('button', { name: '同意并开始拍照' }).click();
      await kiosk.waitForSelector('[data-screen=posing]');
      await staff.getByTestId('now-step').filter({ hasText: '拍照中' }).waitFor();
      expect(await staff.getByTestId('now-name').innerText()).toBe(maskedName);
      expect(maskedName).toContain('*');
      expect(await staff.locator('.staff-view').innerText()).not.toContain(student.code);
      // the kiosk's camera reaches the staff screen as a live thumbnail
      await staff.getByTestId('camera-thumbnail').waitFor({ timeout: 15_000 });

      // the booth captures by itself; the Now view shows the verdicts, with hair.ears failing
      await kiosk.waitForSelector('[data-screen=review]', { timeout: 120_000 });
      await staff.getByTestId('now-step').filter({ hasText: '确认照片' }).waitFor();
      await staff.locator('[data-testid=now-checks] li.fail code', { hasText: 'hair.ears' }).waitFor();
      await screenshot(staff, 'staff-04-now-reviewing');
      // "restart posing" sends the kiosk back to the live camera
      await staff.getByRole('button', { name: '重新拍照' }).click();
      await kiosk.waitForSelector('[data-screen=posing]', { timeout: 5000 });
      await kiosk.waitForSelector('[data-screen=review]', { timeout: 120_000 });
      await staff.locator('[data-testid=now-checks] li.fail code', { hasText: 'hair.ears' }).waitFor();
      // the operator overrides the failed check from the staff screen with a logged reason: the kiosk may accept
      await staff.getByLabel('放行理由（记录在案）').fill('耳朵被头发遮住是学生坚持的发型，交审核人员决定');
      await staff.getByRole('button', { name: '放行' }).click();
      await kiosk.locator('[data-rule="hair.ears"][data-overridden=true]').waitFor({ timeout: 5000 });
      await kiosk.getByRole('button', { name: '满意，提交' }).click();
      await kiosk.waitForSelector('[data-screen=done]');
      const submissionId = await kiosk.getByTestId('submission-id').innerText();
      const stored = await booth.store.readSubmissionForUpload(submissionId);
      expect(stored.metadata.overrides).toEqual([{ ruleId: 'hair.ears', reason: '耳朵被头发遮住是学生坚持的发型，交审核人员决定' }]);
      expect(stored.metadata.session).toMatchObject({ retakes: 1 });
      expect(booth.store.audit.recent(50).map((e) => e.action)).toEqual(expect.arrayContaining(['staff.restart_posing', 'staff.override']));

      // the outbox uploads it to the running service; "retry now" runs what is due at once
      await openView(staff, 'queue');
      await staff.getByRole('button', { name: '立即重试同步' }).click();
      await staff.getByTestId('count-acknowledged').filter({ hasText: '1' }).waitFor({ timeout: 30_000 });
      expect(await staff.getByTestId('last-upload').innerText()).not.toBe('无');
      const atService = await admin(`/review/api/submissions/${submissionId}`);
      expect(atService.status).toBe(200);
      // a reviewer rejects it; the decision comes back with its reason, to call the student back
      const rejected = await admin(`/review/api/submissions/${submissionId}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'reject', reasons: ['hair.ears'], note: '请露出耳朵后重拍' }) });
      expect(rejected.status).toBe(200);
      await staff.getByRole('button', { name: '立即重试同步' }).click();
      const row = staff.locator('[data-testid=decisions] tr', { hasText: submissionId.slice(-8) });
      await row.waitFor({ timeout: 30_000 });
      expect(await row.innerText()).toMatch(/未通过[\s\S]*hair\.ears；请露出耳朵后重拍/);
      await screenshot(staff, 'staff-09-queue-decision');

      await openView(staff, 'health');
      await staff.locator('[data-health=service].ok').waitFor({ timeout: 15_000 });
      expect(await staff.locator('[data-health=models]').innerText()).toContain('face_landmarker.task');
      expect(await staff.locator('[data-health=store]').innerText()).toContain('ok');
      await screenshot(staff, 'staff-10-health');

      await openView(staff, 'reports');
      await staff.getByTestId('report-accepted').filter({ hasText: '1' }).waitFor();
      expect(Number((await staff.getByTestId('report-sessions').locator('strong').innerText()))).toBe(2);
      expect(await staff.getByTestId('failed-rules').innerText()).toContain('hair.ears');
      await staff.getByRole('button', { name: '生成 CSV（近 30 天）' }).click();
      const download = staff.waitForEvent('download');
      await staff.getByTestId('csv-link').click();
      const csv = await (await download).createReadStream().then(async (stream) => {
        let text = '';
        for await (const chunk of stream) text += String(chunk);
        return text;
      });
      expect(csv.split('\r\n')[0]).toBe('day,sessions,accepted,retakes_per_accepted,average_seconds_per_student,top_failed_rules');
      expect(csv).toMatch(/,2,1,1,\d+,hair\.ears:2/);
      for (const secret of [student.code, student.last4, maskedName, zhang.code]) expect(csv).not.toContain(secret);
      await screenshot(staff, 'staff-11-reports');

      // "end the session": a student left on the verify screen is cleared from the staff screen
      await kiosk.waitForSelector('[data-screen=attract]', { timeout: 30_000 });
      await openView(staff, 'now');
      await scanWithWedge(kiosk, (await issueServiceCode(serviceDir, 1)).code);
      await kiosk.waitForSelector('[data-screen=verify]');
      await staff.getByTestId('now-step').filter({ hasText: '已扫码' }).waitFor();
      await staff.getByRole('button', { name: '结束本次采集' }).click();
      await kiosk.getByText('本次采集已由工作人员结束').waitFor({ timeout: 5000 });
      await staff.getByTestId('no-session').waitFor();
    } finally {
      await service.stop();
      await removeDir(serviceDir);
    }
  });
});
