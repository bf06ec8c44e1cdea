// How the kiosk says a prompt: its prompt pack's file when the pack has the words, else a browser
// speech voice for the language where one exists (never a voice of another language reading
// Chinese as gibberish), else not at all — and how each language is covered, for the staff screen.
import type { Language, VoiceReport, VoiceRoute } from '../../../../shared/api/boothApi.ts';

/** The part of SpeechSynthesisVoice this needs. */
export interface SpeechVoice {
  name: string;
  lang: string;
  default: boolean;
}

/** BCP 47 primary subtags that speak each kiosk language (Mandarin voices may say cmn). */
const SPOKEN_AS: Record<Language, readonly string[]> = { zh: ['zh', 'cmn'], en: ['en'] };

/** The browser's voice for a language, the system default first; null when it has none. */
export function speechVoiceFor(lang: Language, voices: readonly SpeechVoice[]): SpeechVoice | null {
  const speaking = voices.filter((v) => SPOKEN_AS[lang].includes(v.lang.toLowerCase().split(/[-_]/)[0] ?? ''));
  return speaking.find((v) => v.default) ?? speaking[0] ?? null;
}

export function routeFor(inPack: boolean, speechVoice: SpeechVoice | null): VoiceRoute {
  return inPack ? 'pack' : speechVoice ? 'speech' : 'none';
}

/** How one language is covered: the pack when it has every prompt, else a speech voice for the rest. */
export function languageCoverage(lang: Language, packPrompts: number, prompts: number, voices: readonly SpeechVoice[]): VoiceReport['languages'][number] {
  const voice = speechVoiceFor(lang, voices);
  const route: VoiceRoute = packPrompts === prompts ? 'pack' : voice ? 'speech' : packPrompts > 0 ? 'pack' : 'none';
  return { lang, route, packPrompts, prompts, speechVoice: voice?.name ?? null };
}
