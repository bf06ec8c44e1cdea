// The staff desk over a real web-host booth (store, session log, demo roster): the Now view follows
// the booth API calls with the masked name as the only personal datum, help actions obey the
// session's state (and are audited), ending a session reaches the kiosk as an event and the store
// as an abandoned session, and every staff call but login needs a live PIN session.
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { BoothEventName } from '../../shared/api/boothApi.ts';
import { dispatchStaffCall, StaffAuthError } from '../../shared/api/staffDispatch.ts';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import { boothApiHandlers, openBooth, type Booth } from '../../electron/booth/openBooth.ts';
import { modelsDir } from '../../scripts/models.ts';
import { makeTempDir, removeDir } from './fixtures/boothStoreSetup.ts';

const [zhang] = DEMO_ROSTER as [(typeof DEMO_ROSTER)[0]];
const opened: { booth: Booth; dir: string }[] = [];
afterEach(async () => {
  for (const { booth, dir } of opened.splice(0)) {
    await booth.close();
    await removeDir(dir);
  }
});

async function desk() {
  const dir = await makeTempDir('staff-desk');
  const booth = await openBooth({ appVersion: 'test', demo: true, dataDir: path.join(dir, 'data'), serviceUrl: 'http://127.0.0.1:9', initialStaffPin: '550123' });
  opened.push({ booth, dir });
  const events: { event: BoothEventName; payload: unknown }[] = [];
  const { handlers, staffHandlers } = boothApiHandlers(booth, { modelsDir, emit: (event, payload) => events.push({ event, payload }) });
  const login = await staffHandlers['staff.login']({ pin: '550123' }, '');
  if (!login.ok) throw new Error('login refused');
  const staff = (name: string, input: unknown, token = login.token) => dispatchStaffCall(staffHandlers, name, input, token);
  return { booth, handlers, staff, events };
}

describe('the staff desk', () => {
  test('Now follows the student with the masked name only; help actions refuse what the session state does not allow', async () => {
    const { booth, handlers, staff, events } = await desk();
    expect(await staff('staff.now', {})).toEqual({ session: null, camera: null });
    const scan = await handlers['session.scan']({ code: zhang.code, source: 'wedge' });
    if (!scan.ok) throw new Error('scan refused');
    expect(await staff('staff.now', {})).toMatchObject({ session: { id: scan.sessionId, state: 'scanned', maskedName: null } });
    expect(await handlers['session.verify']({ sessionId: scan.sessionId, last4: zhang.last4 })).toMatchObject({ ok: true });
    const now = JSON.stringify(await staff('staff.now', {}));
    expect(now).toContain('"maskedName":"张*"');
    for (const personal of [zhang.code, zhang.last4, zhang.name, zhang.school]) expect(now).not.toContain(personal);

    // nothing to restart before posing, nothing to override before a photo failed
    expect(await staff('staff.help', { action: 'restart_posing', sessionId: scan.sessionId })).toMatchObject({ ok: false, error: { code: 'not_posing' } });
    expect(await staff('staff.help', { action: 'override', sessionId: scan.sessionId, ruleId: 'hair.ears', reason: '学生坚持' })).toMatchObject({ ok: false, error: { code: 'not_failed' } });
    expect(booth.ports.operatorOverrides(scan.sessionId)).toEqual([]);
    // an override needs a reason
    await expect(staff('staff.help', { action: 'override', sessionId: scan.sessionId, ruleId: 'hair.ears', reason: ' ' })).rejects.toMatchObject({ status: 400 });

    // ending it: the kiosk is told, the store abandons it and wipes its personal data, the audit log has it
    expect(await staff('staff.help', { action: 'end_session', sessionId: scan.sessionId })).toEqual({ ok: true });
    expect(events).toContainEqual({ event: 'session.ended', payload: { sessionId: scan.sessionId, reason: 'operator' } });
    expect(booth.store.sessions.get(scan.sessionId)?.state).toBe('abandoned');
    expect(booth.store.sessions.personal(scan.sessionId)).toEqual({});
    expect(booth.store.audit.recent(10).find((e) => e.action === 'staff.end_session')?.subject).toBe(scan.sessionId);
    expect(await staff('staff.now', {})).toMatchObject({ session: null });
    expect(await staff('staff.help', { action: 'end_session', sessionId: scan.sessionId })).toMatchObject({ ok: false, error: { code: 'no_session' } });
  });

  test('a settings save reaches the kiosk as its new configuration; a bad one changes nothing', async () => {
    const { booth, staff, events } = await desk();
    const { local } = (await staff('staff.settings', {})) as { local: Record<string, unknown> };
    expect(await staff('staff.saveSettings', { settings: { ...local, voiceHints: true, finalIdleTimeoutSeconds: 12 } })).toEqual({ ok: true });
    expect(events.at(-1)).toMatchObject({ event: 'booth.configChanged', payload: { voiceHints: true, finalIdleTimeoutMs: 12_000 } });
    expect(booth.ports.config()).toMatchObject({ voiceHints: true, finalIdleTimeoutMs: 12_000 });
    await expect(staff('staff.saveSettings', { settings: { ...local, finalIdleTimeoutSeconds: 1 } })).rejects.toMatchObject({ status: 400 });
    expect(booth.ports.config().finalIdleTimeoutMs).toBe(12_000);
  });

  test('every staff call but login needs a live session token', async () => {
    const { staff } = await desk();
    // a booth not enrolled yet has nothing to refund (the service's list: server-payment.test.ts)
    expect(await staff('staff.queue', {})).toMatchObject({ enrolled: false, refunds: [] });
    for (const token of ['', 'not-a-token']) {
      const refused = staff('staff.queue', {}, token);
      await expect(refused).rejects.toBeInstanceOf(StaffAuthError);
      await expect(refused).rejects.toMatchObject({ status: 401 });
    }
    expect(await staff('staff.logout', {})).toEqual({ ok: true });
    await expect(staff('staff.queue', {})).rejects.toMatchObject({ status: 401 });
  });
});
