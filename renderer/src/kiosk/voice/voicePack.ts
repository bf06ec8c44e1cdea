// The prompt pack as the kiosk sees it: its manifest, bundled at build time, and the URL of each
// file in the built renderer (voice/, put there by rendererAssetsPlugin.ts), found by the words.
import type { Language } from '../../../../shared/api/boothApi.ts';
import { VOICE_PACK_URL_DIR, type VoicePackManifest } from '../../../../shared/voice/voicePackManifest.ts';
import manifest from '../../../../resources/voice/manifest.json';

const key = (lang: Language, text: string): string => `${lang}\n${text}`;
const files = new Map((manifest as VoicePackManifest).entries.map((e) => [key(e.lang, e.text), e.file]));

/** The pack's audio of these words in this language, or null when the pack does not have them. */
export function packUrl(lang: Language, text: string): string | null {
  const file = files.get(key(lang, text));
  return file ? new URL(`./${VOICE_PACK_URL_DIR}/${file}`, document.baseURI).href : null;
}
