// The student's booth session on screen: attract → scan → verify → confirm → consent → (pay) →
// posing → review → done, every step through the booth API, every screen clearing itself on idle;
// the "没有采集码？" help from the attract screen and wherever a scan was refused.
import { useCallback, useEffect, useState } from 'react';
import type { BoothApi, BoothConfig, BoothError, ResolvedRecord } from '../../../shared/api/boothApi.ts';
import type { CheckResult, RuleId } from '../../../shared/checkResult.ts';
import { LangContext, type Lang } from '../i18n.tsx';
import type { CapturedStill } from '../camera/stillCapture.ts';
import { KioskLayout } from './KioskLayout.tsx';
import { useIdleTimeout } from './useIdleTimeout.ts';
import { useWedgeScanner } from './useWedgeScanner.ts';
import { VoiceOutput } from './voice/VoiceOutput.tsx';
import { AttractScreen } from './screens/AttractScreen.tsx';
import { CodeHelpScreen } from './screens/CodeHelpScreen.tsx';
import { CameraScanScreen } from './screens/CameraScanScreen.tsx';
import { VerifyScreen } from './screens/VerifyScreen.tsx';
import { ConfirmScreen } from './screens/ConfirmScreen.tsx';
import { ConsentScreen } from './screens/ConsentScreen.tsx';
import { PayScreen } from './screens/PayScreen.tsx';
import { PosingScreen } from './screens/PosingScreen.tsx';
import { ReviewScreen, type Override } from './screens/ReviewScreen.tsx';
import { DoneScreen } from './screens/DoneScreen.tsx';

type Screen =
  | { name: 'attract' }
  | { name: 'cameraScan' }
  | { name: 'codeHelp' }
  | { name: 'verify'; sessionId: string; locked: boolean }
  | { name: 'confirm'; sessionId: string; record: ResolvedRecord; deferred: boolean }
  | { name: 'consent'; sessionId: string; categoryId: string }
  | { name: 'pay'; sessionId: string }
  | { name: 'posing'; sessionId: string }
  | { name: 'review'; sessionId: string; photoId: string; photoUrl: string; checks: CheckResult[] }
  | { name: 'done'; submissionId: string; statusUrl: string };

const TITLES: Record<Screen['name'], [string, string]> = {
  attract: ['扫码开始', 'Scan to start'],
  cameraScan: ['扫描采集码', 'Scan your code'],
  codeHelp: ['获取采集码', 'Get your code'],
  verify: ['核验身份', 'Verify'],
  confirm: ['确认信息', 'Confirm'],
  consent: ['采集告知', 'Consent'],
  pay: ['支付', 'Payment'],
  posing: ['拍照', 'Photo'],
  review: ['确认照片', 'Review'],
  done: ['完成', 'Done'],
};

const TIMED_OUT: BoothError = { code: 'timeout', message_zh: '长时间无操作，已自动结束并清除本次信息。', message_en: 'No activity for a while: the session ended and its data was cleared.' };
const ENDED_BY_BOOTH: BoothError = { code: 'ended', message_zh: '本次采集已由工作人员结束，请重新扫码开始。', message_en: 'The booth ended this session; scan again to start.' };
const TYPED: BoothError = { code: 'typed', message_zh: '请使用扫码口扫描采集码，不需要手动输入。', message_en: 'Please scan the code with the scanner; no typing needed.' };
const unexpected = (message: string): BoothError => ({ code: 'unexpected', message_zh: '出现了问题，请重新开始；如果反复出现，请联系工作人员。', message_en: message });

export function KioskApp({ api, config: initialConfig }: { api: BoothApi; config: BoothConfig }) {
  const [config, setConfig] = useState(initialConfig);
  const [lang, setLang] = useState<Lang>(initialConfig.language);
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [error, setError] = useState<BoothError | null>(null);
  const [busy, setBusy] = useState(false);
  // failed checks the operator overrode from the staff screen, for the photo under review
  const [staffOverridden, setStaffOverridden] = useState<RuleId[]>([]);
  // each visit to the posing screen is a fresh camera and capture state, even after a refusal
  const [posingRun, setPosingRun] = useState(0);

  const go = useCallback((next: Screen, nextError: BoothError | null = null) => {
    if (next.name === 'posing') setPosingRun((run) => run + 1);
    setScreen(next);
    setStaffOverridden([]);
    setError(nextError);
    setBusy(false);
  }, []);
  const sessionId = 'sessionId' in screen ? screen.sessionId : null;

  const abandon = useCallback((reason: 'timeout' | 'cancel') => {
    if (sessionId) void api.call('session.abandon', { sessionId, reason }).catch(() => {});
  }, [api, sessionId]);

  /** back to the attract screen, ending the session at the booth; the booth's language again for the next student */
  const reset = useCallback((reason: 'timeout' | 'cancel', message: BoothError | null) => {
    abandon(reason);
    setLang(config.language);
    go({ name: 'attract' }, message);
  }, [abandon, go, config.language]);

  /** the help ends a session whose code was not recognised: the student comes back with the right one */
  const showCodeHelp = (): void => {
    abandon('cancel');
    go({ name: 'codeHelp' });
  };

  // the attract screen has no session; an error shown there still clears after the idle time
  const idleMs = screen.name === 'done' ? config.finalIdleTimeoutMs : screen.name === 'attract' && error === null ? null : config.idleTimeoutMs;
  const bump = useIdleTimeout(idleMs, () => {
    if (screen.name === 'done') go({ name: 'attract' });
    else if (screen.name === 'attract') setError(null);
    else if (screen.name === 'codeHelp') reset('timeout', null);
    else reset('timeout', TIMED_OUT);
  });

  const guard = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    try {
      return await work();
    } catch (e) {
      // the booth could not do the step: end the session there too, so nothing is left half-open
      reset('cancel', unexpected(e instanceof Error ? e.message : String(e)));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const scan = (code: string, source: 'wedge' | 'camera' | 'serial'): void => {
    void guard(async () => {
      const result = await api.call('session.scan', { code, source });
      if (result.ok) go({ name: 'verify', sessionId: result.sessionId, locked: false });
      else setError(result.error);
    });
  };
  // the scanner listens wherever a student may hold up a code, the help screen too
  const scanning = screen.name === 'attract' || screen.name === 'cameraScan' || screen.name === 'codeHelp';
  useWedgeScanner(scanning, {
    onCode: (code) => scan(code, 'wedge'),
    onTyped: () => setError(TYPED),
    onError: (wedge) => setError({ code: `wedge.${wedge.reason}`, message_zh: '扫码没有成功，请重新扫描；如果反复出现，请联系工作人员。', message_en: `Scanner input rejected: ${wedge.message_en}` }),
  });

  // a serial scanner is read by the booth process and arrives as an event; it scans like the wedge
  useEffect(() => (scanning ? api.on('code.scanned', ({ code }) => scan(code, 'serial')) : undefined));

  // the operator or the review service can change the booth's configuration; the next screen
  // uses it, and an empty attract screen switches to the booth's language at once
  useEffect(() => api.on('booth.configChanged', (next) => {
    setConfig(next);
    if (screen.name === 'attract') setLang(next.language);
  }), [api, screen.name]);

  // the booth ended the session on its own (operator, restart repair): clear the screen
  useEffect(() => {
    if (!sessionId) return;
    const unsubscribe = [
      api.on('session.ended', ({ sessionId: ended }) => {
        if (ended === sessionId) go({ name: 'attract' }, ENDED_BY_BOOTH);
      }),
      // the operator sent the student back to the live camera
      api.on('session.restartPosing', ({ sessionId: restarted }) => {
        if (restarted === sessionId) go({ name: 'posing', sessionId });
      }),
      api.on('session.checksOverridden', ({ sessionId: overridden, ruleIds }) => {
        if (overridden === sessionId) setStaffOverridden(ruleIds);
      }),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, [api, go, sessionId]);

  const t = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  let body: React.ReactNode;
  switch (screen.name) {
    case 'attract':
      body = <AttractScreen error={error} onCameraScan={() => go({ name: 'cameraScan' })} onCodeHelp={showCodeHelp} />;
      break;
    case 'cameraScan':
      body = <CameraScanScreen camera={config.camera} error={error} onCode={(code) => scan(code, 'camera')} onBack={() => go({ name: 'attract' })} onCodeHelp={showCodeHelp} />;
      break;
    case 'codeHelp':
      body = <CodeHelpScreen help={config.codeHelp} error={error} onCameraScan={() => go({ name: 'cameraScan' })} onBack={() => reset('cancel', null)} />;
      break;
    case 'verify':
      body = (
        <VerifyScreen busy={busy} error={error} locked={screen.locked} onCancel={() => reset('cancel', null)} onCodeHelp={showCodeHelp}
          onSubmit={(last4) => void guard(async () => {
            const result = await api.call('session.verify', { sessionId: screen.sessionId, last4 });
            if (result.ok) go({ name: 'confirm', sessionId: screen.sessionId, record: result.record, deferred: result.deferred });
            else go({ ...screen, locked: result.locked }, result.error);
          })} />
      );
      break;
    case 'confirm':
      body = <ConfirmScreen record={screen.record} deferred={screen.deferred} categories={config.categories} onCancel={() => reset('cancel', null)} onConfirm={(categoryId) => go({ name: 'consent', sessionId: screen.sessionId, categoryId })} />;
      break;
    case 'consent':
      body = (
        <ConsentScreen consent={config.consent} busy={busy} onDecline={() => reset('cancel', null)}
          onAgree={() => void guard(async () => {
            const result = await api.call('session.confirm', { sessionId: screen.sessionId, categoryId: screen.categoryId, consent: true });
            if (!result.ok) setError(result.error);
            else go(result.paymentRequired ? { name: 'pay', sessionId: screen.sessionId } : { name: 'posing', sessionId: screen.sessionId });
          })} />
      );
      break;
    case 'pay':
      body = (
        <PayScreen key={screen.sessionId} api={api} sessionId={screen.sessionId} payment={config.payment} onCancel={() => reset('cancel', null)}
          onPaid={() => go({ name: 'posing', sessionId: screen.sessionId })}
          onFailure={(message) => reset('cancel', unexpected(message))} />
      );
      break;
    case 'posing':
      body = (
        <>
          {error && <p className="error" role="alert" data-error={error.code}>{t(error.message_zh, error.message_en)}</p>}
          <PosingScreen key={posingRun} voice={config.voiceHints} background={config.background} camera={config.camera} holdMs={config.autoCaptureHoldMs}
            onPresence={bump} onCancel={() => reset('cancel', null)}
            onCameraReport={(report) => void api.call('booth.cameraReport', report).catch(() => {})}
            onError={(message) => setError(unexpected(message))}
            onCaptured={(still: CapturedStill, guideNote) => void guard(async () => {
              // the booth decodes and frames the photo while this page makes the class map, which follows the capture
              const capturing = api.call('session.capture', { sessionId: screen.sessionId, jpegBase64: still.jpegBase64, analysis: still.analysis, guideNote, parseId: still.parseId });
              const parse = await still.parse().catch(() => null);
              void api.call('session.parse', { sessionId: screen.sessionId, parseId: still.parseId, parse }).catch(() => {});
              const result = await capturing;
              URL.revokeObjectURL(still.previewUrl);
              if (result.ok) go({ name: 'review', sessionId: screen.sessionId, photoId: result.photoId, photoUrl: `data:image/jpeg;base64,${result.standardizedJpegBase64}`, checks: result.checks });
              // the photo engine refused (e.g. hair too high): say why and pose again
              else go({ name: 'posing', sessionId: screen.sessionId }, result.error);
            })} />
        </>
      );
      break;
    case 'review':
      body = (
        <ReviewScreen photoUrl={screen.photoUrl} checks={screen.checks} staffOverridden={staffOverridden} busy={busy} error={error}
          onRetake={() => void guard(async () => {
            const result = await api.call('session.retake', { sessionId: screen.sessionId });
            if (result.ok) go({ name: 'posing', sessionId: screen.sessionId });
            else setError(result.error);
          })}
          onAccept={(overrides: Override[]) => void guard(async () => {
            const result = await api.call('session.accept', { sessionId: screen.sessionId, photoId: screen.photoId, overrides });
            if (result.ok) go({ name: 'done', submissionId: result.submissionId, statusUrl: result.statusUrl });
            else setError(result.error);
          })} />
      );
      break;
    case 'done':
      body = <DoneScreen submissionId={screen.submissionId} statusUrl={screen.statusUrl} onFinish={() => go({ name: 'attract' })} />;
      break;
  }

  const [zhTitle, enTitle] = TITLES[screen.name];
  return (
    <LangContext.Provider value={lang}>
      <VoiceOutput api={api}>
        <KioskLayout config={config} lang={lang} onLang={setLang} screen={screen.name} title={t(zhTitle, enTitle)}>
          {body}
        </KioskLayout>
      </VoiceOutput>
    </LangContext.Provider>
  );
}
