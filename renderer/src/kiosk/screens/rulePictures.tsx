// The photo rules of the seed as small line pictures (no emoji: the kiosk must not depend on a
// system emoji font).
const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 4, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

function Head({ children }: { children?: React.ReactNode }) {
  return (
    <svg viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
      <ellipse cx="50" cy="42" rx="20" ry="25" {...stroke} />
      <path d="M22 98 C24 76 36 70 50 70 C64 70 76 76 78 98" {...stroke} />
      {children}
    </svg>
  );
}

export const RULE_PICTURES = {
  collar: (
    <Head>
      <path d="M40 70 L50 84 L60 70" {...stroke} />
    </Head>
  ),
  ears: (
    <Head>
      <path d="M30 40 C24 38 24 50 30 50 M70 40 C76 38 76 50 70 50" {...stroke} />
      <path d="M32 26 C40 14 60 14 68 26" {...stroke} />
    </Head>
  ),
  noGlasses: (
    <Head>
      <circle cx="42" cy="40" r="7" {...stroke} />
      <circle cx="58" cy="40" r="7" {...stroke} />
      <path d="M14 14 L86 86" {...stroke} stroke="#c62828" />
    </Head>
  ),
  faceFront: (
    <Head>
      <circle cx="42" cy="40" r="2.5" fill="currentColor" />
      <circle cx="58" cy="40" r="2.5" fill="currentColor" />
      <path d="M43 55 L57 55" {...stroke} />
    </Head>
  ),
  noMakeup: (
    <Head>
      <path d="M40 55 C46 58 54 58 60 55" {...stroke} />
      <path d="M70 12 L90 32 M90 12 L70 32" {...stroke} stroke="#c62828" />
    </Head>
  ),
} as const;

export type RulePicture = keyof typeof RULE_PICTURES;
