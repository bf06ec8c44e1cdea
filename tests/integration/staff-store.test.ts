// The staff screen's booth side on a real booth store (SQLite file, key file): the hashed PIN and
// its lockout surviving a restart, settings validated, audited and shaping the kiosk config, the
// backdrop measure on a real empty frame and a real portrait, and the report and CSV counting
// real sessions without any personal data.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_BOOTH_CONFIG } from '../../electron/booth/api/defaultBoothConfig.ts';
import { BoothSettings, defaultLocalSettings, deriveBoothConfig } from '../../electron/booth/staff/boothSettings.ts';
import { BackdropCalibration, measureBackdrop } from '../../electron/booth/staff/backdropCalibration.ts';
import { INITIAL_PIN, PIN_LIMITS, StaffPin } from '../../electron/booth/staff/staffPin.ts';
import { dailyReport, localDay, reportCsv } from '../../electron/booth/staff/staffReports.ts';
import { SessionService } from '../../electron/booth/session/sessionService.ts';
import type { BoothStore } from '../../electron/booth/store/boothStore.ts';
import { GRACE_DAYS_CONFIG_KEY } from '../../electron/booth/retention/retentionPurge.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import { emptyBackdropFrame } from '../e2e/staffHarness.ts';
import { makeTempDir, openTestStore, quietLog, removeDir, samplePersonal, SAMPLE_CHECKS } from './fixtures/boothStoreSetup.ts';

const dirs: string[] = [];
const stores: BoothStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) await removeDir(d);
});

async function booth(now?: () => number): Promise<{ root: string; store: BoothStore }> {
  const root = await makeTempDir('staff');
  dirs.push(root);
  const store = await openTestStore(root, now ? { now } : {});
  stores.push(store);
  return { root, store };
}

describe('the operator PIN', () => {
  test('is stored as a salted scrypt hash, never in clear; the initial PIN must be changed', async () => {
    const { store } = await booth();
    const pin = new StaffPin(store);
    const stored = JSON.stringify(store.config.get('staff.pin', null));
    expect(stored).not.toContain(INITIAL_PIN);
    expect(pin.mustChange).toBe(true);
    expect(pin.check(INITIAL_PIN, 'booth')).toEqual({ ok: true, mustChange: true });
    expect(pin.change(INITIAL_PIN, '905172', 'booth')).toEqual({ ok: true, mustChange: false });
    expect(pin.check(INITIAL_PIN, 'booth').ok).toBe(false);
    expect(pin.check('905172', 'booth')).toEqual({ ok: true, mustChange: false });
    // a second booth with the same PIN stores a different hash (salted)
    const other = await booth();
    const otherPin = new StaffPin(other.store, '905172');
    expect(otherPin.mustChange).toBe(false);
    expect(other.store.config.get<{ hash: string }>('staff.pin', { hash: '' }).hash).not.toBe(store.config.get<{ hash: string }>('staff.pin', { hash: '' }).hash);
  });

  test('five wrong PINs lock the booth for five minutes, across a restart, then the right PIN works again', async () => {
    let clock = Date.parse('2026-06-20T09:00:00Z');
    const { root, store } = await booth(() => clock);
    const pin = new StaffPin(store, '733104');
    for (let i = 1; i < PIN_LIMITS.failures; i++) expect(pin.check('000000', 'booth')).toMatchObject({ ok: false, attemptsLeft: PIN_LIMITS.failures - i, lockedUntil: null });
    expect(pin.check('000000', 'booth')).toEqual({ ok: false, attemptsLeft: 0, lockedUntil: clock + PIN_LIMITS.lockMs });
    stores.pop()?.close();
    const reopened = await openTestStore(root, { now: () => clock });
    stores.push(reopened);
    const again = new StaffPin(reopened);
    // the right PIN is refused while locked, and a login gives no token
    expect(again.login('733104', 'booth')).toEqual({ ok: false, attemptsLeft: 0, lockedUntil: clock + PIN_LIMITS.lockMs });
    clock += PIN_LIMITS.lockMs + 1;
    const login = again.login('733104', 'booth');
    if (!login.ok) throw new Error(`the right PIN after the lock was refused: ${JSON.stringify(login)}`);
    expect(again.touch(login.token)).toBe(true);
    expect(reopened.audit.recent(20).map((e) => e.action)).toContain('staff.pin_locked');
  });

  test('wrong PINs from the LAN lock the LAN only: the operator at the booth still logs in and overrides', async () => {
    const clock = Date.parse('2026-06-20T09:00:00Z');
    const { store } = await booth(() => clock);
    const pin = new StaffPin(store, '733104');
    for (let i = 0; i < PIN_LIMITS.failures; i++) pin.login('000000', 'lan');
    expect(pin.login('733104', 'lan')).toEqual({ ok: false, attemptsLeft: 0, lockedUntil: clock + PIN_LIMITS.lockMs });
    expect(pin.login('733104', 'booth')).toMatchObject({ ok: true });
    expect(pin.checkOverride('733104')).toBe('ok');
    expect(store.audit.recent(20).find((e) => e.action === 'staff.pin_locked')?.detail).toEqual({ failures: PIN_LIMITS.failures, channel: 'lan' });
  });

  test('the documented initial PIN never authorises a check override, even while it still opens the staff screen', async () => {
    const { store } = await booth();
    const pin = new StaffPin(store);
    expect(pin.checkOverride(INITIAL_PIN)).toBe('initial');
    expect(pin.login(INITIAL_PIN, 'booth')).toMatchObject({ ok: true, mustChange: true });
    expect(pin.change(INITIAL_PIN, '905172', 'booth')).toEqual({ ok: true, mustChange: false });
    expect(pin.checkOverride(INITIAL_PIN)).toBe('wrong');
    expect(pin.checkOverride('905172')).toBe('ok');
  });

  test('a staff session ends after five idle minutes, and each call extends it', async () => {
    let clock = 1_000_000;
    const { store } = await booth(() => clock);
    const pin = new StaffPin(store, '733104');
    const login = pin.login('733104', 'booth');
    const token = login.ok ? login.token : '';
    expect(token).not.toBe('');
    clock += 4 * 60_000;
    expect(pin.touch(token)).toBe(true);
    clock += 4 * 60_000;
    expect(pin.touch(token)).toBe(true);
    clock += 5 * 60_000 + 1;
    expect(pin.touch(token)).toBe(false);
    expect(pin.touch('made-up-token')).toBe(false);
  });
});

describe('booth settings', () => {
  test('a valid change is stored, audited field by field and shapes the kiosk config; an invalid one is refused', async () => {
    const { store } = await booth();
    const settings = new BoothSettings(store, DEFAULT_BOOTH_CONFIG);
    const before = settings.local();
    expect(deriveBoothConfig(DEFAULT_BOOTH_CONFIG, before, null)).toEqual(DEFAULT_BOOTH_CONFIG);
    const next = { ...before, idleTimeoutSeconds: 45, language: 'en' as const, background: [255, 255, 255] as [number, number, number], retentionGraceDays: 3, autoCapture: 'strict' as const };
    expect(settings.save(next)).toEqual({ ok: true, changed: ['background', 'autoCapture', 'idleTimeoutSeconds', 'language', 'retentionGraceDays'] });
    // the retention job reads its own key
    expect(store.config.get(GRACE_DAYS_CONFIG_KEY, null)).toBe(3);
    const config = deriveBoothConfig(DEFAULT_BOOTH_CONFIG, settings.local(), null);
    expect(config).toMatchObject({ idleTimeoutMs: 45_000, language: 'en', background: [255, 255, 255], autoCaptureHoldMs: 1800 });
    const audit = store.audit.recent(5, 'settings.changed')[0];
    expect(audit?.actor).toBe('operator');
    expect(audit?.detail).toMatchObject({ idleTimeoutSeconds: { from: 90, to: 45 }, language: { from: 'zh', to: 'en' } });

    const refused = settings.save({ ...next, idleTimeoutSeconds: 2, background: [300, 0, 0] });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems.join(' ')).toMatch(/idleTimeoutSeconds.*background|background.*idleTimeoutSeconds/);
    expect(settings.local().idleTimeoutSeconds).toBe(45);
  });

  test("the service's assignment decides the 学历类别 offered and the payment mode, whatever the local settings say", () => {
    const config = deriveBoothConfig(DEFAULT_BOOTH_CONFIG, defaultLocalSettings(DEFAULT_BOOTH_CONFIG), { school: '华东示范大学', degreeCategories: ['本科', '硕士研究生'], paymentMode: 'voucher' });
    expect(config.categories.map((c) => c.id)).toEqual(['bachelor', 'master']);
    expect(config.payment.mode).toBe('voucher');
  });
});

describe('backdrop calibration', () => {
  test('an evenly lit empty backdrop is good; a portrait in front of it is refused as not empty and not stored', async () => {
    const { store } = await booth();
    // test0 is shot on a plain grey studio backdrop: its top-left corner, scaled to a camera frame,
    // is a real empty backdrop with its real gradient and noise
    const portrait = await readFile(path.join(EVAL_DATA, 'portraits-hivision', 'test0.jpg'));
    const corner = await emptyBackdropFrame();
    const calibration = new BackdropCalibration(store);
    const good = await calibration.calibrate(corner);
    expect(good.verdict, `unevenness ${good.unevenness}, worst ${good.worstBlock}`).toBe('good');
    expect(calibration.current()?.capturedAt).toBe(good.capturedAt);
    const person = await measureBackdrop(portrait, 0);
    expect(person.backdrop.verdict, `worst block ΔE ${person.backdrop.worstBlock}`).toBe('not_empty');
    const refused = await calibration.calibrate(portrait);
    expect(refused.verdict).toBe('not_empty');
    expect(calibration.current()?.mean).toEqual(good.mean);
    // the same frame has not drifted; a darker one (lights dimmed) has
    expect(await calibration.drift(corner)).toBeLessThan(1);
    const dimmed = await sharp(corner).modulate({ brightness: 0.7 }).jpeg().toBuffer();
    expect(await calibration.drift(dimmed)).toBeGreaterThan(6);
  });
});

describe('reports', () => {
  test("today's report counts real sessions, retakes, failed rules and time per student; the CSV holds no personal data", async () => {
    const { store } = await booth();
    const sessions = new SessionService({ store, log: quietLog });
    const jpeg = await sharp({ create: { width: 48, height: 64, channels: 3, background: { r: 60, g: 120, b: 200 } } }).jpeg().toBuffer();
    const personal = samplePersonal(7);
    for (let i = 0; i < 2; i++) {
      const id = sessions.start();
      await sessions.apply(id, 'scan', { personal: { code: personal.code } });
      await sessions.apply(id, 'verify', { personal });
      await sessions.apply(id, 'pose');
      await sessions.saveCapture(id, { standardizedJpeg: jpeg, originalJpeg: jpeg });
      await sessions.apply(id, 'review');
      store.audit.append({ at: store.now(), actor: 'student', action: 'capture.checked', subject: id, detail: { refused: null, failed: ['hair.ears', 'eyes.open'] } });
      await sessions.apply(id, 'retake');
      await sessions.saveCapture(id, { standardizedJpeg: jpeg, originalJpeg: jpeg });
      await sessions.apply(id, 'review');
      store.audit.append({ at: store.now(), actor: 'student', action: 'capture.checked', subject: id, detail: { refused: null, failed: ['hair.ears'] } });
      await sessions.apply(id, 'accept');
      await sessions.submit(id, { checks: SAMPLE_CHECKS, metadata: {}, verification: 'verified' });
    }
    const abandoned = sessions.start();
    await sessions.abandon(abandoned, 'timeout');
    const report = dailyReport(store, localDay(store.now()));
    expect(report).toMatchObject({ sessions: 3, accepted: 2, retakesPerAccepted: 1, failedRules: [{ ruleId: 'hair.ears', count: 4 }, { ruleId: 'eyes.open', count: 2 }] });
    expect(report.averageSecondsPerStudent).not.toBeNull();
    const csv = reportCsv(store, 7);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(8);
    expect(lines.at(-1)).toMatch(new RegExp(`^${localDay(store.now())},3,2,1,\\d+,hair.ears:4 eyes.open:2$`));
    for (const secret of [personal.code, personal.last4, personal.maskedName, personal.school]) expect(csv).not.toContain(secret);
  });
});
