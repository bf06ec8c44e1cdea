// The student's booth session end to end in Debian Chromium through the web host, the camera fed
// by real portraits seated as students: scan → verify → consent → posing → automatic capture →
// review → accept → receipt, the live guide foreseeing what the still will get, and the unhappy
// paths a student actually meets.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ROSTER, DEMO_VOUCHER } from '../../electron/booth/api/inMemoryResolver.ts';
import { ATTEMPT_LIMITS } from '../../electron/booth/codes/attemptLimiter.ts';
import {
  OPERATOR_PIN, OUTPUT_DIR, PORTRAITS, endSession, guideMoments, makeCameraFile, reachPosing, recordGuide, scanWithWedge, screenOf, screenshot, seatedCamera,
  startKiosk, tapKeys, watchGuide, type KioskRig,
} from './kioskHarness.ts';
import { GuideNoteSchema, LandmarksSchema } from '../../shared/sync/protocol.ts';
import { messagesFor } from '../../shared/checks/messages.ts';
import { REFUSALS, RETRY_ADVICE } from '../../shared/photo/refusals.ts';
import { STALL_MS } from '../../renderer/vision/hintStall.ts';
import { PARSE_PENDING_ID } from '../../renderer/vision/liveHints.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { OVAL_SEATING, type Seating } from './seatedStudent.ts';

const [zhang, ouyang] = DEMO_ROSTER as [(typeof DEMO_ROSTER)[0], (typeof DEMO_ROSTER)[0]];
let portraitCamera = '';
/** an ID-photo student the guide and the still both pass */
let greenCamera = '';
/** test1: long hair over the ears */
let earsCamera = '';
/** test1 sitting high: the hair past the frame's top edge */
let headTopCamera = '';
let emptyCamera = '';
let qrCamera = '';
let qrLinkCamera = '';
const rigs: KioskRig[] = [];

async function rig(camera: string, config: Parameters<typeof startKiosk>[1] = {}): Promise<KioskRig> {
  const started = await startKiosk(camera, config);
  rigs.push(started);
  return started;
}

/** The camera file of a portrait seated as a student. */
async function seated(file: string, name: string, seating: Seating = OVAL_SEATING): Promise<string> {
  const camera = await seatedCamera(file, path.join(OUTPUT_DIR, 'camera', `${name}.y4m`), seating);
  if (!camera.ok) throw new Error(`${name}: ${camera.reason}`);
  return camera.file;
}

beforeAll(async () => {
  portraitCamera = await makeCameraFile(path.join(PORTRAITS, 'test1.jpg'), path.join(OUTPUT_DIR, 'camera', 'portrait-test1.y4m'), { zoom: 1.1 });
  greenCamera = await seated(path.join(EVAL_DATA, 'portraits-more', 'wangling1820__IDPhotos__image.jpg'), 'seated-wangling');
  earsCamera = await seated(path.join(PORTRAITS, 'test1.jpg'), 'seated-test1');
  headTopCamera = await seated(path.join(PORTRAITS, 'test1.jpg'), 'seated-test1-high', { faceShare: OVAL_SEATING.faceShare, eyeAt: 0.22 });
  emptyCamera = await makeCameraFile(null, path.join(OUTPUT_DIR, 'camera', 'empty-backdrop.y4m'));
  qrCamera = await makeCameraFile(null, path.join(OUTPUT_DIR, 'camera', 'qr-demo-code.y4m'), { qrText: zhang.code });
  qrLinkCamera = await makeCameraFile(null, path.join(OUTPUT_DIR, 'camera', 'qr-link.y4m'), { qrText: 'https://u.wechat.com/EF3kZ8xYz' });
});

afterAll(async () => {
  for (const r of rigs) await r.close();
});

describe('the student booth session in Chromium', () => {
  test('a scanned, verified student who poses well is captured automatically, retakes for free, accepts, gets a receipt, and the screen clears itself', async () => {
    const r = await rig(greenCamera, { finalIdleTimeoutMs: 3000 });
    const { page, store } = r;
    await screenshot(page, '01-attract');

    await scanWithWedge(page, zhang.code);
    await page.waitForSelector('[data-screen=verify]');
    await tapKeys(page, '12');
    await screenshot(page, '02-verify-keypad');
    await tapKeys(page, zhang.last4.slice(2));
    await page.getByRole('button', { name: '确认' }).click();

    await page.waitForSelector('[data-screen=confirm]');
    expect(await page.getByTestId('masked-name').innerText()).toBe('张*');
    // the resolved record carries 本科: it is pre-selected
    expect(await page.getByRole('radio', { name: '本科' }).getAttribute('aria-checked')).toBe('true');
    await screenshot(page, '03-confirm-record');
    await page.getByRole('button', { name: '信息正确，下一步' }).click();

    await page.waitForSelector('[data-screen=consent]');
    await screenshot(page, '04-consent');
    await page.getByRole('button', { name: '同意并开始拍照' }).click();

    await page.waitForSelector('[data-screen=posing]');
    await page.waitForSelector('.posing[data-hint=ok]', { timeout: 60_000 });
    await screenshot(page, '05-posing-all-green');
    // nobody presses the shutter: the countdown starts by itself and the booth captures
    await page.waitForSelector('[data-testid=countdown]', { timeout: 20_000 });
    await screenshot(page, '06-posing-countdown');

    await page.waitForSelector('[data-screen=review]', { timeout: 90_000 });
    const size = await page.getByTestId('standard-photo').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(size, 'standardized photo size').toEqual([480, 640]);
    const verdicts = await page.locator('[data-testid=verdicts] li').count();
    expect(verdicts, 'number of check verdicts shown').toBeGreaterThan(10);
    await screenshot(page, '07-review');

    // a retake goes back to posing and captures again, free of charge
    await page.getByRole('button', { name: '重拍' }).click();
    await page.waitForSelector('[data-screen=posing]');
    await page.waitForSelector('[data-screen=review]', { timeout: 90_000 });

    // the guide was all green, and the still bears it out: nothing fails
    const failing = await page.locator('[data-testid=verdicts] li.fail').evaluateAll((items) => items.map((li) => li.getAttribute('data-rule')));
    expect(failing, 'failed checks after an all-green guide').toEqual([]);
    await page.getByRole('button', { name: '满意，提交' }).click();

    await page.waitForSelector('[data-screen=done]');
    const submissionId = await page.getByTestId('submission-id').innerText();
    expect(submissionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    // the QR opens the review service's status page of this submission, with its receipt secret
    expect(await page.getByTestId('receipt-qr').getAttribute('data-url')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:5740/s/${submissionId}\\?k=[\\w-]{20,}$`));
    await page.waitForSelector('[data-testid=receipt-qr] svg');
    await screenshot(page, '08-done-receipt');

    // durably stored and queued for sync, nothing overridden and no note from the guide
    const stored = await store.readSubmissionForUpload(submissionId);
    expect(stored.state).toBe('queued');
    const meta = await sharp(stored.standardized.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.density]).toEqual(['jpeg', 480, 640, 300]);
    expect(stored.personal).toMatchObject({ code: zhang.code, last4: zhang.last4, maskedName: '张*', category: '本科' });
    expect(stored.metadata).toMatchObject({ overrides: [], guideNote: null });
    expect(stored.metadata.session).toMatchObject({ retakes: 1, paymentMode: 'free', deferredVerification: false });
    // the reviewer's overlay: every landmark in output pixels, with the measured head top and eye line inside the standard's ranges
    const landmarks = LandmarksSchema.parse(stored.metadata.landmarks);
    expect(landmarks.points).toHaveLength(478 * 2);
    expect(landmarks.headTopY).toBeGreaterThanOrEqual(50);
    expect(landmarks.headTopY).toBeLessThanOrEqual(110);
    expect(landmarks.eyeLineY).toBeGreaterThanOrEqual(200);
    expect(landmarks.eyeLineY).toBeLessThanOrEqual(300);

    // privacy: the receipt clears itself after the final-screen idle time
    await page.waitForSelector('[data-screen=attract]', { timeout: 10_000 });
    expect(await page.locator('body').innerText()).not.toContain(submissionId);
  });

  test('a student held at one rule (hair over the ears) is told before any capture; after a while the guide offers the shutter, and its note reaches the submission beside the operator\'s override', async () => {
    const r = await rig(earsCamera);
    const { page, store } = r;
    await reachPosing(page, zhang);
    await recordGuide(page);
    await page.waitForSelector('.posing[data-hint="hair.ears"]', { timeout: 60_000 });
    expect(await page.locator('.hint').innerText()).toBe(messagesFor('hair.ears').fail[0]);
    await screenshot(page, '05b-posing-held-hair-ears');
    await page.waitForSelector('.posing[data-stall=offer]', { timeout: STALL_MS + 10_000 });
    expect(await page.getByTestId('stall-note').innerText()).toContain('可以直接拍照');
    await screenshot(page, '05c-posing-stall-offer');
    // held the whole time: never all green, never a countdown, never a capture of its own
    const before = await guideMoments(page);
    expect(before.filter((m) => m.hint === 'ok' || m.capturing), 'all-green or capturing moments while held').toEqual([]);
    expect(await page.getByTestId('countdown').count()).toBe(0);
    await page.getByRole('button', { name: '直接拍照' }).click();

    await page.waitForSelector('[data-screen=review]', { timeout: 90_000 });
    // the still says what the guide said: test1's long hair covers the ears
    const failing = await page.locator('[data-testid=verdicts] li.fail').evaluateAll((items) => items.map((li) => li.getAttribute('data-rule')));
    expect(failing, 'failed checks of the test1 portrait').toEqual(['hair.ears']);
    expect(await page.getByRole('button', { name: '满意，提交' }).count(), 'accept offered despite a failure').toBe(0);
    // a failure blocks accept unless the operator overrides it with a logged reason
    await page.getByRole('button', { name: '工作人员处理' }).click();
    await page.getByLabel('工作人员密码').fill(OPERATOR_PIN);
    await page.getByLabel('放行原因（记录在案）').fill('工作人员已当面核实，交审核人员决定');
    await screenshot(page, '07b-review-operator-override');
    await page.getByRole('button', { name: '工作人员放行并提交' }).click();
    await page.waitForSelector('[data-screen=done]');

    const stored = await store.readSubmissionForUpload(await page.getByTestId('submission-id').innerText());
    expect(stored.metadata.overrides).toEqual([{ ruleId: 'hair.ears', reason: '工作人员已当面核实，交审核人员决定' }]);
    const note = GuideNoteSchema.parse(stored.metadata.guideNote);
    expect(note).toMatchObject({ hintId: 'hair.ears', message_zh: messagesFor('hair.ears').fail[0] });
    expect(note.heldMs).toBeGreaterThanOrEqual(STALL_MS);
  });

  test('a booth without the face parser model never waits for it: the same student is captured by the guide, and the review only warns of her ears', async () => {
    const r = await rig(earsCamera);
    const { page } = r;
    // what a booth built without the model serves: no contract (rendererAssetsPlugin leaves both files out)
    await page.route('**/models/face-parser.json', (route) => route.fulfill({ status: 404, body: '' }));
    await reachPosing(page, zhang);
    await recordGuide(page);
    const capturedAt = await watchGuide(page, 15_000);
    expect(capturedAt, 'an automatic capture').not.toBeNull();
    expect((await guideMoments(page)).filter((m) => m.hint === PARSE_PENDING_ID), 'moments waiting for a parser there is not').toEqual([]);
    await page.waitForSelector('[data-screen=review]', { timeout: 90_000 });
    expect(await page.locator('[data-testid=verdicts] li.fail').count(), 'failed checks without a parser').toBe(0);
    await page.locator('[data-testid=verdicts] li.warn[data-rule="hair.ears"]').waitFor({ timeout: 5000 });
    await screenshot(page, '07c-review-without-parser');
    // the student accepts on her own: nothing blocks, no operator is needed
    await page.getByRole('button', { name: '满意，提交' }).click();
    await page.waitForSelector('[data-screen=done]');
    const stored = await r.store.readSubmissionForUpload(await page.getByTestId('submission-id').innerText());
    expect(stored.metadata).toMatchObject({ overrides: [] });
  });

  test('a student whose hair reaches the top of the frame is told so live, in the engine\'s words, is never captured into a refusal, and after a while is told what to try instead', async () => {
    const r = await rig(headTopCamera);
    const { page, transitions } = r;
    await reachPosing(page, zhang);
    await recordGuide(page);
    await page.waitForSelector('.posing[data-hint="frame.head_top"]', { timeout: 60_000 });
    expect(await page.locator('.hint').innerText()).toBe(REFUSALS.head_cut_off.zh);
    await screenshot(page, '05d-posing-head-top');
    await page.waitForSelector('.posing[data-stall=retry]', { timeout: STALL_MS + 10_000 });
    expect(await page.locator('.hint').innerText()).toBe(RETRY_ADVICE.head_cut_off.zh);
    await screenshot(page, '05e-posing-head-top-retry');
    const moments = await guideMoments(page);
    expect(moments.filter((m) => m.hint === 'ok' || m.capturing || m.error), 'green, capturing or refused moments').toEqual([]);
    expect(transitions).not.toContain('reviewing');
  });

  test('a level head is never held by pose.pitch, wherever the student sits', async () => {
    // ID photos (level by their nature) and two more frontal portraits, at the oval and higher and lower
    const students: [string, Seating][] = [
      [path.join(EVAL_DATA, 'portraits-more', 'guo-pu__ID_photo_background_color__test.jpg'), OVAL_SEATING],
      [path.join(EVAL_DATA, 'portraits-more', 'guo-pu__ID_photo_background_color__test.jpg'), { faceShare: 0.3, eyeAt: 0.3 }],
      [path.join(EVAL_DATA, 'portraits-more', 'guo-pu__ID_photo_background_color__test.jpg'), { faceShare: 0.3, eyeAt: 0.46 }],
      [path.join(EVAL_DATA, 'portraits-more', 'wangling1820__IDPhotos__image.jpg'), OVAL_SEATING],
      [path.join(PORTRAITS, 'test1.jpg'), OVAL_SEATING],
    ];
    const r = await rig(await seated(students[0]![0], 'level-heads', students[0]![1]));
    const { page } = r;
    for (const [file, seating] of students) {
      // Chromium reads its fake camera's file again whenever the posing screen opens the camera
      await seated(file, 'level-heads', seating);
      await reachPosing(page, zhang);
      await recordGuide(page);
      // long enough for the first parse, the hold and the countdown: a capture after the window races endSession
      const captured = await watchGuide(page, 9000);
      const moments = (await guideMoments(page)).filter((m) => captured === null || m.t < captured);
      const label = `${path.basename(file)} eyes at ${seating.eyeAt}`;
      expect(moments.some((m) => m.hint && m.hint !== 'loading'), `${label}: the guide ran`).toBe(true);
      expect(moments.filter((m) => m.failing.includes('pose.pitch')).map((m) => m.hint), `${label}: moments with pose.pitch red`).toEqual([]);
      if (captured !== null) await page.waitForSelector('[data-screen=review]', { timeout: 90_000 });
      await endSession(page);
    }
  });

  test('wrong things scanned get a clear message and never start a session', async () => {
    const { page, transitions } = await rig(portraitCamera);
    const cases: [string, string][] = [
      ['https://weixin.qq.com/r/abc', 'wechat_qr'],
      ['https://example.edu.cn/notice', 'url'],
      ['134567890123456789', 'payment_code'],
      ['GBSIM1Q2W3', 'too_short'],
    ];
    for (const [text, code] of cases) {
      await scanWithWedge(page, text);
      await page.waitForSelector(`[data-screen=attract] .error[data-error=${code}]`);
      await screenshot(page, `10-wrong-scan-${code}`);
    }
    // a person typing on a keyboard is told to use the scanner
    await page.keyboard.type(zhang.code.slice(0, 8), { delay: 120 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-screen=attract] .error[data-error=typed]');
    expect(await screenOf(page)).toBe('attract');
    expect(transitions, 'sessions started by wrong scans').toEqual([]);
  });

  test('a 采集码 shown on a phone to the camera starts the session like a scanned one', async () => {
    const { page, transitions } = await rig(qrCamera);
    await page.getByRole('button', { name: '用摄像头扫码（手机上的采集码）' }).click();
    await page.waitForSelector('[data-screen=verify]', { timeout: 20_000 });
    expect(transitions).toEqual(['scanned']);
  });

  test('a voucher booth asks for the voucher after consent, refuses a wrong one and goes on to posing with a valid one', async () => {
    const { page, transitions } = await rig(portraitCamera, { payment: { mode: 'voucher', priceLabel: { zh: '采集费用 30 元（可用兑换码）', en: 'Fee: 30 CNY (voucher accepted)' } } });
    await scanWithWedge(page, zhang.code);
    await page.waitForSelector('[data-screen=verify]');
    await tapKeys(page, zhang.last4);
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByRole('button', { name: '信息正确，下一步' }).click();
    await page.getByRole('button', { name: '同意并开始拍照' }).click();
    await page.waitForSelector('[data-screen=pay]');
    for (const key of 'WRNG12') await page.locator('.keypad .key', { hasText: new RegExp(`^${key}$`) }).click();
    await page.getByRole('button', { name: '兑换' }).click();
    await page.waitForSelector('.error[data-error=voucher_mistyped]');
    await screenshot(page, '11-pay-voucher-refused');
    for (let i = 0; i < 6; i++) await page.getByRole('button', { name: '删除' }).click();
    for (const key of DEMO_VOUCHER) await page.locator('.keypad .key', { hasText: new RegExp(`^${key}$`) }).click();
    await page.getByRole('button', { name: '兑换' }).click();
    await page.waitForSelector('[data-screen=posing]');
    expect(transitions).toEqual(['scanned', 'verified', 'paid', 'posing']);
  });

  test('a WeChat QR shown to the camera gets a clear message on the camera screen', async () => {
    const { page, transitions } = await rig(qrLinkCamera);
    await page.getByRole('button', { name: '用摄像头扫码（手机上的采集码）' }).click();
    await page.waitForSelector('[data-screen=cameraScan] .error[data-error=wechat_qr]', { timeout: 20_000 });
    await screenshot(page, '09-camera-scan-link-refused');
    expect(transitions).toEqual([]);
  });

  test('five wrong ID digits lock the code, with the attempts left shown each time', async () => {
    const { page } = await rig(portraitCamera);
    await scanWithWedge(page, ouyang.code);
    await page.waitForSelector('[data-screen=verify]');
    for (let attempt = 1; attempt < ATTEMPT_LIMITS.perCode; attempt++) {
      await tapKeys(page, '1111');
      await page.getByRole('button', { name: '确认' }).click();
      const left = ATTEMPT_LIMITS.perCode - attempt;
      await page.waitForSelector(`.error[data-error=wrong_digits]:has-text("还可以再试 ${left} 次")`);
      if (attempt === 1) await screenshot(page, '12-wrong-digits');
    }
    await tapKeys(page, '1111');
    await page.getByRole('button', { name: '确认' }).click();
    await page.waitForSelector('.error[data-error=locked]');
    expect(await page.locator('.keypad').count(), 'keypad after lockout').toBe(0);
    await screenshot(page, '13-locked');

    // scanning the same code again does not reset the lockout, even with the right digits
    await page.getByRole('button', { name: '返回首页' }).click();
    await scanWithWedge(page, ouyang.code);
    await page.waitForSelector('[data-screen=verify]');
    await tapKeys(page, ouyang.last4);
    await page.getByRole('button', { name: '确认' }).click();
    await page.waitForSelector('.error[data-error=locked]');
  });

  test('with nobody in view the booth asks the student to sit in front of the camera and never captures', async () => {
    const r = await rig(emptyCamera);
    await reachPosing(r.page, zhang);
    const { page, transitions } = r;
    await page.waitForSelector('.posing[data-hint="face.none"]', { timeout: 60_000 });
    // more than the stable window plus the whole countdown
    await page.waitForTimeout(5000);
    expect(await page.locator('.posing').getAttribute('data-hint')).toBe('face.none');
    expect(await page.getByTestId('countdown').count()).toBe(0);
    expect(await screenOf(page)).toBe('posing');
    expect(await page.locator('.hint').innerText()).toBe(REFUSALS.no_face.zh);
    expect(transitions).not.toContain('reviewing');
    await screenshot(page, '14-posing-no-face');
  });

  test('a session left idle mid-way clears itself: the booth abandons it and the next student sees the start screen', async () => {
    const r = await rig(portraitCamera, { idleTimeoutMs: 3000 });
    const { page, transitions } = r;
    await scanWithWedge(page, zhang.code);
    await page.waitForSelector('[data-screen=verify]');
    await tapKeys(page, '12');
    const before = Date.now();
    await page.waitForSelector('[data-screen=attract] .error[data-error=timeout]', { timeout: 15_000 });
    expect(Date.now() - before, 'ms until the idle screen cleared').toBeGreaterThanOrEqual(2500);
    await screenshot(page, '15-idle-timeout');
    await expect.poll(() => transitions).toEqual(['scanned', 'abandoned']);
  });

  test('when the booth ends a session itself (staff, restart), the kiosk hears it over the event channel and clears the screen', async () => {
    const { page, host, sessionIds } = await rig(portraitCamera);
    await scanWithWedge(page, zhang.code);
    await page.waitForSelector('[data-screen=verify]');
    host.emit('session.ended', { sessionId: sessionIds[0] ?? '', reason: 'operator' });
    await page.waitForSelector('[data-screen=attract] .error[data-error=ended]', { timeout: 10_000 });
  });

  test('a code from a serial-port scanner (read by the booth process) starts a session like a wedge scan', async () => {
    const { page, host, transitions } = await rig(portraitCamera);
    host.emit('code.scanned', { code: zhang.code });
    await page.waitForSelector('[data-screen=verify]', { timeout: 10_000 });
    await expect.poll(() => transitions).toEqual(['scanned']);
  });

  test('the English switch translates the screens and a new session starts in Chinese again', async () => {
    const { page } = await rig(portraitCamera);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('h1').innerText()).toBe('Scan to start');
    await scanWithWedge(page, zhang.code);
    await page.waitForSelector('[data-screen=verify]');
    expect(await page.locator('.lead').innerText()).toBe('Enter the last 4 characters of your ID number');
    await screenshot(page, '16-verify-english');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForSelector('[data-screen=attract]');
    expect(await page.locator('h1').innerText()).toBe('扫码开始');
  });
});
