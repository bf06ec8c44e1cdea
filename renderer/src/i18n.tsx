// Chinese first, English on a switch: the language state and the one helper every screen uses.
import { createContext, useContext } from 'react';
import type { Bilingual, Language } from '../../shared/api/boothApi.ts';

export type Lang = Language;

export const LangContext = createContext<Lang>('zh');

/** `t('中文', 'English')` or `t(bilingual)` in the current language. */
export function useT(): (zhOrText: string | Bilingual, en?: string) => string {
  const lang = useContext(LangContext);
  return (zhOrText, en) => {
    if (typeof zhOrText !== 'string') return zhOrText[lang];
    return lang === 'zh' ? zhOrText : (en ?? zhOrText);
  };
}

/** A booth error's text in the current language. */
export function useErrorText(): (error: { message_zh: string; message_en: string }) => string {
  const lang = useContext(LangContext);
  return (error) => (lang === 'zh' ? error.message_zh : error.message_en);
}
