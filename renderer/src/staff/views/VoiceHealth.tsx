// The voice part of the health view: how the kiosk speaks each language (its prompt pack, a browser
// speech voice, or not at all), how the last prompt went, and "test the speaker", which the kiosk
// plays on its own speaker (the operator may be on a tablet elsewhere) and reports back.
import { useState } from 'react';
import type { StaffCallOutput } from '../../../../shared/api/staffApi.ts';
import type { VoiceRoute } from '../../../../shared/api/boothApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { useAgo, type StaffCall } from '../staffHooks.ts';
import { healthRow } from './healthRow.tsx';

type Voice = StaffCallOutput<'staff.health'>['voice'];

const LANGUAGE_NAMES = { zh: ['中文', 'Chinese'], en: ['英文', 'English'] } as const;
const ROUTE_NAMES: Record<VoiceRoute, readonly [string, string]> = { pack: ['提示音包', 'prompt pack'], speech: ['浏览器语音', 'browser speech voice'], none: ['无声', 'silent'] };
/** the kiosk reports within a second; the health view polls every 5 s */
const REPORT_WAIT_MS = 1500;

export function VoiceHealth({ voice, call, onTested }: { voice: Voice; call: StaffCall; onTested: () => void }) {
  const t = useT();
  const ago = useAgo();
  const errorText = useErrorText();
  const [message, setMessage] = useState<string | null>(null);
  const { kiosk } = voice;
  const test = () => {
    setMessage(null);
    void call('staff.testSpeaker', {}).then((r) => {
      setMessage(r.ok ? t('已请自助机播放测试语音，请在自助机旁确认能听到。', 'The kiosk was asked to play the test prompt: check you can hear it at the booth.') : errorText(r.error));
      setTimeout(onTested, REPORT_WAIT_MS);
    }, (e: unknown) => setMessage(String(e)));
  };
  const last = kiosk?.lastPlayed ?? null;
  return (
    <section className="voice-health" data-health-block="voice">
      <h3>{t('语音提示', 'Voice guidance')}</h3>
      <table className="health">
        <tbody>
          {healthRow('voice-setting', t('拍照语音提示', 'Spoken posing hints'), voice.hintsOn ? t('已开启', 'on') : t('已关闭（可在“设置”中开启）', 'off (turn on in Settings)'), null)}
          {!kiosk
            ? healthRow('voice-kiosk', t('自助机', 'Kiosk'), t('自助机页面尚未报告（打开自助机页面后显示）', 'the kiosk page has not reported yet (shows once it is open)'), false)
            : kiosk.languages.map((l) => {
              const [zhName, enName] = LANGUAGE_NAMES[l.lang];
              const [zhRoute, enRoute] = ROUTE_NAMES[l.route];
              const complete = l.packPrompts === l.prompts;
              const detail = l.route === 'speech'
                ? t(`${zhRoute}：${l.speechVoice ?? ''}（提示音包 ${l.packPrompts}/${l.prompts}）`, `${enRoute}: ${l.speechVoice ?? ''} (prompt pack ${l.packPrompts}/${l.prompts})`)
                : t(`${zhRoute} ${l.packPrompts}/${l.prompts}${complete ? '' : '，缺少的提示不会播放'}`, `${enRoute} ${l.packPrompts}/${l.prompts}${complete ? '' : ', the missing prompts stay silent'}`);
              return healthRow(`voice-${l.lang}`, t(`语音（${zhName}）`, `Voice (${enName})`), detail, complete || l.speechVoice !== null);
            })}
          {kiosk && healthRow('voice-last', t('最后播放', 'Last played'), last
            ? t(`${last.test ? '测试语音' : '提示'}「${last.text}」，${ROUTE_NAMES[last.route][0]}，${ago(kiosk.reportedAt)}${last.error ? `：${last.error}` : ''}`,
              `${last.test ? 'speaker test' : 'hint'} "${last.text}", ${ROUTE_NAMES[last.route][1]}, ${ago(kiosk.reportedAt)}${last.error ? `: ${last.error}` : ''}`)
            : t('尚未播放', 'nothing yet'), last ? last.ok : null)}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={test}>{t('测试扬声器', 'Test the speaker')}</button>
        {message && <span role="status" data-testid="speaker-test-message">{message}</span>}
      </div>
    </section>
  );
}
