// Verify: a numeric keypad for the last 4 characters of the ID number (X allowed last), then the
// booth API's answer — a clear message per wrong try and the lockout after 5.
import { useState } from 'react';
import type { BoothError } from '../../../../shared/api/boothApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { CodeHelpButton } from './CodeHelpScreen.tsx';

/** the resolver's refusal of a code it does not know (electron/booth/api/limitedResolver.ts) */
const UNKNOWN_CODE = 'unknown_code';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', '⌫'] as const;

export interface VerifyScreenProps {
  busy: boolean;
  error: BoothError | null;
  locked: boolean;
  onSubmit: (last4: string) => void;
  onCancel: () => void;
  /** the code was not recognised (expired, or not a 采集码 at all): the help is one tap away */
  onCodeHelp: () => void;
}

export function VerifyScreen({ busy, error, locked, onSubmit, onCancel, onCodeHelp }: VerifyScreenProps) {
  const t = useT();
  const errorText = useErrorText();
  const [digits, setDigits] = useState('');
  const press = (key: (typeof KEYS)[number]): void => {
    if (key === '⌫') setDigits((d) => d.slice(0, -1));
    // X only as the 4th character, as on a Chinese ID number
    else if (key === 'X') setDigits((d) => (d.length === 3 ? d + 'X' : d));
    else setDigits((d) => (d.length < 4 ? d + key : d));
  };
  // other digits cannot help a code the booth does not know: the way on is the help
  const unknownCode = error?.code === UNKNOWN_CODE;
  const keypad = !locked && !unknownCode;
  const submit = (): void => {
    onSubmit(digits);
    setDigits('');
  };
  return (
    <div className="verify">
      <p className="lead">{t('请输入身份证号码的后四位', 'Enter the last 4 characters of your ID number')}</p>
      <div className="digit-boxes" aria-label={t('已输入', 'entered')} data-testid="digits">
        {[0, 1, 2, 3].map((i) => (
          <span key={i} className={`digit-box${digits[i] ? ' filled' : ''}`}>{digits[i] ? '●' : ''}</span>
        ))}
      </div>
      {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
      {unknownCode && <CodeHelpButton onClick={onCodeHelp} />}
      {keypad && (
        <div className="keypad">
          {KEYS.map((key) => (
            <button key={key} type="button" className="key" disabled={busy || (key === 'X' && digits.length !== 3)} onClick={() => press(key)} aria-label={key === '⌫' ? t('删除', 'delete') : key}>
              {key}
            </button>
          ))}
        </div>
      )}
      <div className="actions">
        <button type="button" className="big secondary" onClick={onCancel}>{keypad ? t('取消', 'Cancel') : t('返回首页', 'Back to start')}</button>
        {keypad && (
          <button type="button" className="big primary" disabled={busy || digits.length !== 4} onClick={submit}>{t('确认', 'Confirm')}</button>
        )}
      </div>
    </div>
  );
}
