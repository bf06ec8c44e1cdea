// The kiosk speaks a prompt from its pack, else with a browser voice of the prompt's own language,
// else not at all; and it tells the staff screen which, per language.
import { describe, expect, it } from 'vitest';
import { languageCoverage, routeFor, speechVoiceFor, type SpeechVoice } from '../../renderer/src/kiosk/voice/voiceRoute.ts';

const voice = (name: string, lang: string, isDefault = false): SpeechVoice => ({ name, lang, default: isDefault });
const WINDOWS_ENGLISH_ONLY = [voice('Microsoft David', 'en-US', true), voice('Microsoft Zira', 'en-US')];
const WITH_CHINESE = [voice('Microsoft Zira', 'en-US'), voice('Microsoft Huihui', 'zh-CN'), voice('Ting-Ting', 'zh_CN', true)];

describe('which voice says a prompt', () => {
  it('never reads Chinese with an English voice', () => {
    expect(speechVoiceFor('zh', WINDOWS_ENGLISH_ONLY)).toBeNull();
    expect(routeFor(false, speechVoiceFor('zh', WINDOWS_ENGLISH_ONLY))).toBe('none');
  });

  it('takes a voice of the language, the system default first, whatever the tag spelling', () => {
    expect(speechVoiceFor('zh', WITH_CHINESE)?.name).toBe('Ting-Ting');
    expect(speechVoiceFor('zh', [voice('eSpeak Mandarin', 'cmn')])?.name).toBe('eSpeak Mandarin');
    expect(speechVoiceFor('en', WITH_CHINESE)?.name).toBe('Microsoft Zira');
  });

  it('prefers the pack even where a speech voice exists', () => {
    expect(routeFor(true, speechVoiceFor('zh', WITH_CHINESE))).toBe('pack');
    expect(routeFor(false, speechVoiceFor('zh', WITH_CHINESE))).toBe('speech');
  });

  it('reports a language the pack covers as the pack, a gap filled by a voice as speech, and a gap without one as the pack with prompts missing', () => {
    expect(languageCoverage('zh', 16, 16, [])).toEqual({ lang: 'zh', route: 'pack', packPrompts: 16, prompts: 16, speechVoice: null });
    expect(languageCoverage('zh', 14, 16, WITH_CHINESE)).toMatchObject({ route: 'speech', speechVoice: 'Ting-Ting' });
    expect(languageCoverage('zh', 14, 16, WINDOWS_ENGLISH_ONLY)).toMatchObject({ route: 'pack', packPrompts: 14, speechVoice: null });
    expect(languageCoverage('en', 0, 16, [])).toMatchObject({ route: 'none' });
  });
});
