// The kiosk's speaker: plays each prompt from the prompt pack through one <audio> element, or with a
// browser speech voice where the pack lacks the words and the browser has a voice for the language.
// A prompt never cuts the one playing short (a hint that flickers would be a stutter): the latest
// waits and plays next, and is dropped when the hint clears. It reports how each language is covered
// and how the last prompt went to the booth, for the staff screen's health view.
import { KIOSK_LANGUAGES, type Language, type VoiceReport } from '../../../../shared/api/boothApi.ts';
import { packUrl } from './voicePack.ts';
import { SPEAKER_TEST, voicePrompts } from './voicePrompts.ts';
import { languageCoverage, routeFor, speechVoiceFor, type SpeechVoice } from './voiceRoute.ts';

interface Prompt {
  text: string;
  lang: Language;
  test: boolean;
}

const BCP47: Record<Language, string> = { zh: 'zh-CN', en: 'en-US' };

function browserVoices(): SpeechVoice[] {
  return 'speechSynthesis' in window ? window.speechSynthesis.getVoices() : [];
}

export class KioskSpeaker {
  private readonly audio: HTMLAudioElement;
  private readonly report: (report: VoiceReport) => void;
  private readonly prompts = voicePrompts();
  private pending: Prompt | null = null;
  private lastPlayed: VoiceReport['lastPlayed'] = null;
  private readonly onVoicesChanged = (): void => this.sendReport();
  private readonly onEnded = (): void => this.next();

  constructor(audio: HTMLAudioElement, report: (report: VoiceReport) => void) {
    this.audio = audio;
    this.report = report;
    audio.addEventListener('ended', this.onEnded);
    // browsers load their voice list after the page: report again when it arrives
    if ('speechSynthesis' in window) window.speechSynthesis.addEventListener('voiceschanged', this.onVoicesChanged);
    this.sendReport();
  }

  /** Says these words once the prompt playing now has finished. */
  say(text: string, lang: Language): void {
    const prompt = { text, lang, test: false };
    if (this.busy()) this.pending = prompt;
    else this.play(prompt);
  }

  /** Forgets a prompt still waiting (its hint cleared, or the student left the screen). */
  drop(): void {
    this.pending = null;
  }

  /** The staff screen's speaker test: at once, whatever is playing. */
  test(lang: Language): void {
    this.pending = null;
    this.audio.pause();
    if ('speechSynthesis' in window) window.speechSynthesis.cancel();
    this.play({ text: SPEAKER_TEST[lang], lang, test: true });
  }

  close(): void {
    this.pending = null;
    this.audio.pause();
    this.audio.removeEventListener('ended', this.onEnded);
    if ('speechSynthesis' in window) window.speechSynthesis.removeEventListener('voiceschanged', this.onVoicesChanged);
  }

  private busy(): boolean {
    return (!this.audio.paused && !this.audio.ended) || ('speechSynthesis' in window && window.speechSynthesis.speaking);
  }

  private next(): void {
    const waiting = this.pending;
    this.pending = null;
    if (waiting) this.play(waiting);
  }

  private play(prompt: Prompt): void {
    const url = packUrl(prompt.lang, prompt.text);
    const voice = speechVoiceFor(prompt.lang, browserVoices());
    const route = routeFor(url !== null, voice);
    const done = (error: string | null): void => {
      this.lastPlayed = { text: prompt.text, lang: prompt.lang, route, test: prompt.test, ok: error === null, error };
      this.sendReport();
    };
    if (url !== null) {
      this.audio.src = url;
      this.audio.play().then(() => done(null), (error: unknown) => done(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
    } else if (voice) {
      const utterance = new SpeechSynthesisUtterance(prompt.text);
      utterance.lang = BCP47[prompt.lang];
      const chosen = window.speechSynthesis.getVoices().find((v) => v.name === voice.name);
      if (chosen) utterance.voice = chosen;
      utterance.onstart = () => done(null);
      // cut short by the speaker test: not the speaker failing
      utterance.onerror = (event) => {
        if (event.error !== 'interrupted' && event.error !== 'canceled') done(`speech synthesis: ${event.error}`);
      };
      utterance.onend = () => this.next();
      window.speechSynthesis.speak(utterance);
    } else {
      done(`no audio for these words in the prompt pack and no ${prompt.lang} speech voice in this browser`);
    }
  }

  private sendReport(): void {
    const voices = browserVoices();
    const languages = KIOSK_LANGUAGES.map((lang) => {
      const inPack = this.prompts.filter((p) => packUrl(lang, p[lang]) !== null).length;
      return languageCoverage(lang, inPack, this.prompts.length, voices);
    });
    this.report({ languages, lastPlayed: this.lastPlayed });
  }
}
