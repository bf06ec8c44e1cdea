// The operator's staff screen: PIN login (the booth locks after 5 wrong PINs for 5 minutes), a
// forced change of the documented initial PIN, then one screen per concern — the student now,
// the queue and sync, health, settings, backdrop calibration, reports, enrollment — locking itself
// after a few idle minutes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { LangContext, type Lang } from '../i18n.tsx';
import type { StaffCall } from './staffHooks.ts';
import { StaffSessionError, type StaffClient } from './staffClient.ts';
import { LoginView, ChangePinView } from './views/LoginView.tsx';
import { NowView } from './views/NowView.tsx';
import { QueueView } from './views/QueueView.tsx';
import { HealthView } from './views/HealthView.tsx';
import { SettingsView } from './views/SettingsView.tsx';
import { BackdropView } from './views/BackdropView.tsx';
import { ReportsView } from './views/ReportsView.tsx';
import { EnrollView } from './views/EnrollView.tsx';

const VIEWS = [
  { id: 'now', zh: '当前', en: 'Now' },
  { id: 'queue', zh: '队列与同步', en: 'Queue & sync' },
  { id: 'health', zh: '设备状态', en: 'Health' },
  { id: 'settings', zh: '设置', en: 'Settings' },
  { id: 'backdrop', zh: '背景校准', en: 'Backdrop' },
  { id: 'reports', zh: '报表', en: 'Reports' },
  { id: 'enroll', zh: '注册与配对', en: 'Enrollment' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

type LockReason = 'start' | 'manual' | 'idle' | 'expired';
type Auth = { state: 'locked'; reason: LockReason } | { state: 'changePin'; currentPin: string; idleLockMs: number } | { state: 'open'; idleLockMs: number };

export function StaffApp({ client }: { client: StaffClient }) {
  const [lang, setLang] = useState<Lang>('zh');
  const [auth, setAuth] = useState<Auth>({ state: 'locked', reason: 'start' });
  const [view, setView] = useState<ViewId>('now');

  const lock = useCallback((reason: LockReason) => {
    void client.call('staff.logout', {}).catch(() => {});
    client.setToken(null);
    setAuth({ state: 'locked', reason });
  }, [client]);

  const call: StaffCall = useCallback(async (name, input) => {
    try {
      return await client.call(name, input);
    } catch (error) {
      if (error instanceof StaffSessionError) {
        client.setToken(null);
        setAuth({ state: 'locked', reason: 'expired' });
      }
      throw error;
    }
  }, [client]);

  // the screen locks itself after the idle time the booth gave at login
  const lastTouch = useRef(Date.now());
  useEffect(() => {
    if (auth.state !== 'open') return;
    lastTouch.current = Date.now();
    const touch = () => { lastTouch.current = Date.now(); };
    window.addEventListener('pointerdown', touch);
    window.addEventListener('keydown', touch);
    const timer = setInterval(() => {
      if (Date.now() - lastTouch.current > auth.idleLockMs) lock('idle');
    }, 1000);
    return () => {
      window.removeEventListener('pointerdown', touch);
      window.removeEventListener('keydown', touch);
      clearInterval(timer);
    };
  }, [auth, lock]);

  const t = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  let body: React.ReactNode;
  if (auth.state === 'locked') {
    body = (
      <LoginView client={client} reason={auth.reason}
        onLoggedIn={(result, pin) => setAuth(result.mustChangePin ? { state: 'changePin', currentPin: pin, idleLockMs: result.idleLockMs } : { state: 'open', idleLockMs: result.idleLockMs })} />
    );
  } else if (auth.state === 'changePin') {
    body = <ChangePinView currentPin={auth.currentPin} call={call} onChanged={() => setAuth({ state: 'open', idleLockMs: auth.idleLockMs })} />;
  } else {
    const views: Record<ViewId, React.ReactNode> = {
      now: <NowView call={call} />,
      queue: <QueueView call={call} />,
      health: <HealthView call={call} />,
      settings: <SettingsView call={call} />,
      backdrop: <BackdropView call={call} />,
      reports: <ReportsView call={call} />,
      enroll: <EnrollView call={call} />,
    };
    body = (
      <div className="staff-body">
        <nav className="staff-nav" aria-label={t('功能', 'Views')}>
          {VIEWS.map((v) => (
            <button key={v.id} type="button" data-view={v.id} aria-current={view === v.id ? 'page' : undefined} onClick={() => setView(v.id)}>{t(v.zh, v.en)}</button>
          ))}
          <button type="button" className="lock" onClick={() => lock('manual')}>{t('锁定', 'Lock')}</button>
        </nav>
        <section className="staff-view" data-view={view}>{views[view]}</section>
      </div>
    );
  }
  return (
    <LangContext.Provider value={lang}>
      <div className="staff" data-auth={auth.state}>
        <header className="staff-header">
          <h1>{t('GradBooth 工作人员', 'GradBooth staff')}</h1>
          <button type="button" className="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{lang === 'zh' ? 'English' : '中文'}</button>
        </header>
        {body}
      </div>
    </LangContext.Provider>
  );
}
