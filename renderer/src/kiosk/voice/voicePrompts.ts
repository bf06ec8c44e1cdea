// Every prompt the kiosk can say aloud, Chinese and English: the live hints (from the one place
// their words live, renderer/vision/liveHints.ts) and the staff screen's speaker test. The voice
// pack (resources/voice, made by `npm run voice:pack`) has a file for each of these per language.
import { spokenHintTexts } from '../../../vision/liveHints.ts';

export interface VoicePrompt {
  /** the live hint id, or `voice.speaker_test` */
  id: string;
  zh: string;
  en: string;
}

export const SPEAKER_TEST: VoicePrompt = {
  id: 'voice.speaker_test',
  zh: '扬声器测试：您能听到这句话，说明语音提示工作正常。',
  en: 'Speaker test: if you can hear this, the voice guidance works.',
};

export function voicePrompts(): VoicePrompt[] {
  return [...spokenHintTexts(), SPEAKER_TEST];
}

