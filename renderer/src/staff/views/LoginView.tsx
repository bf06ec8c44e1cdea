// PIN login (counting the booth's lockout) and the forced change of the documented initial PIN.
import { useState } from 'react';
import type { StaffCallOutput } from '../../../../shared/api/staffApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import type { StaffCall } from '../staffHooks.ts';
import type { StaffClient } from '../staffClient.ts';

type LoggedIn = Extract<StaffCallOutput<'staff.login'>, { ok: true }>;

export function LoginView({ client, reason, onLoggedIn }: { client: StaffClient; reason: 'start' | 'manual' | 'idle' | 'expired'; onLoggedIn: (result: LoggedIn, pin: string) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      const result = await client.call('staff.login', { pin });
      if (result.ok) {
        client.setToken(result.token);
        onLoggedIn(result, pin);
        return;
      }
      setMessage(result.lockedUntil ? errorText(result.error) : `${errorText(result.error)} ${t(`还可尝试 ${result.attemptsLeft} 次。`, `${result.attemptsLeft} attempts left.`)}`);
      setPin('');
    } catch (error) {
      setMessage(String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="login" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2>{t('请输入工作人员密码', 'Enter the operator PIN')}</h2>
      {reason === 'idle' && <p className="note">{t('长时间无操作，已自动锁定。', 'Locked after a while without use.')}</p>}
      {reason === 'expired' && <p className="note">{t('登录已失效，请重新输入密码。', 'The staff session ended; enter the PIN again.')}</p>}
      <input type="password" inputMode="numeric" autoComplete="off" aria-label={t('工作人员密码', 'Operator PIN')} value={pin} maxLength={12} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} autoFocus />
      <button type="submit" className="primary" disabled={busy || pin.length < 4}>{t('解锁', 'Unlock')}</button>
      {message && <p className="error" role="alert">{message}</p>}
    </form>
  );
}

export function ChangePinView({ currentPin, call, onChanged }: { currentPin: string; call: StaffCall; onChanged: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const valid = /^\d{6,12}$/.test(next) && next === again;
  return (
    <form className="login" onSubmit={(e) => {
      e.preventDefault();
      void call('staff.changePin', { currentPin, newPin: next }).then((r) => (r.ok ? onChanged() : setMessage(errorText(r.error))), (err: unknown) => setMessage(String(err)));
    }}>
      <h2>{t('请先设置新的工作人员密码', 'Choose a new operator PIN first')}</h2>
      <p className="note">{t('本机仍在使用初始密码。新密码为 6–12 位数字，同时用于学生照片的人工放行。', 'This booth still uses the initial PIN. The new one (6–12 digits) also authorises check overrides on the kiosk.')}</p>
      <input type="password" inputMode="numeric" aria-label={t('新密码', 'New PIN')} value={next} onChange={(e) => setNext(e.target.value.replace(/\D/g, ''))} />
      <input type="password" inputMode="numeric" aria-label={t('再次输入新密码', 'New PIN again')} value={again} onChange={(e) => setAgain(e.target.value.replace(/\D/g, ''))} />
      <button type="submit" className="primary" disabled={!valid}>{t('保存新密码', 'Save the new PIN')}</button>
      {message && <p className="error" role="alert">{message}</p>}
    </form>
  );
}
