// The kiosk's voice in React: the one <audio> element and its KioskSpeaker for every screen, the
// staff screen's "test the speaker" heard through it, and the hook a screen speaks its hint with.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { BoothApi, Language } from '../../../../shared/api/boothApi.ts';
import { LangContext } from '../../i18n.tsx';
import { KioskSpeaker } from './kioskSpeaker.ts';

const SpeakerContext = createContext<KioskSpeaker | null>(null);

export function VoiceOutput({ api, children }: { api: BoothApi; children: ReactNode }) {
  const lang = useContext(LangContext);
  const langNow = useRef(lang);
  langNow.current = lang;
  const audio = useRef<HTMLAudioElement>(null);
  const [speaker, setSpeaker] = useState<KioskSpeaker | null>(null);

  useEffect(() => {
    if (!audio.current) return;
    const created = new KioskSpeaker(audio.current, (report) => void api.call('booth.voiceReport', report).catch(() => {}));
    setSpeaker(created);
    return () => created.close();
  }, [api]);

  // the operator tests the speaker in the language the kiosk shows now
  useEffect(() => (speaker ? api.on('booth.testSpeaker', () => speaker.test(langNow.current)) : undefined), [api, speaker]);

  return (
    <SpeakerContext.Provider value={speaker}>
      {children}
      <audio ref={audio} className="voice-out" preload="auto" />
    </SpeakerContext.Provider>
  );
}

/** Speaks `text` whenever it changes (null: nothing to say, and a waiting prompt is dropped). */
export function useVoiceHint(enabled: boolean, text: string | null, lang: Language): void {
  const speaker = useContext(SpeakerContext);
  const said = useRef<string | null>(null);
  useEffect(() => {
    if (!speaker) return;
    if (enabled && text !== said.current) {
      if (text === null) speaker.drop();
      else speaker.say(text, lang);
    }
    said.current = text;
  }, [speaker, enabled, text, lang]);
  // leaving the screen drops a hint still waiting to be said
  useEffect(() => () => speaker?.drop(), [speaker]);
}
