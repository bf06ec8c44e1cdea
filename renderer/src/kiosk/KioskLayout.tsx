// The frame of every kiosk screen: title, language switch, the screen, and the help line at the bottom.
import type { ReactNode } from 'react';
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import { useT, type Lang } from '../i18n.tsx';

export interface KioskLayoutProps {
  config: BoothConfig;
  lang: Lang;
  onLang: (lang: Lang) => void;
  /** data-screen attribute: what tests and the staff screen read to know where the student is */
  screen: string;
  title: string;
  children: ReactNode;
}

export function KioskLayout({ config, lang, onLang, screen, title, children }: KioskLayoutProps) {
  const t = useT();
  return (
    <div className="kiosk" data-screen={screen}>
      <header className="kiosk-header">
        <span className="booth-name">{t(config.boothName)}</span>
        <h1>{title}</h1>
        <button type="button" className="lang-switch" onClick={() => onLang(lang === 'zh' ? 'en' : 'zh')}>
          {lang === 'zh' ? 'English' : '中文'}
        </button>
      </header>
      <main className="kiosk-main">{children}</main>
      <footer className="help-line" role="note">{t(config.helpLine)}</footer>
    </div>
  );
}
