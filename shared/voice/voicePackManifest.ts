// The voice pack's index (resources/voice/manifest.json): one entry per prompt and language, the
// audio file that says it (Ogg Opus, named by a hash of its text) and where the audio came from.
// Written by scripts/voicePack.ts, copied into the built renderer under voice/, read by the kiosk.
import type { Language } from '../api/boothApi.ts';

export interface VoicePackEntry {
  lang: Language;
  /** exactly the words the kiosk shows: the kiosk finds the file by them */
  text: string;
  /** the prompts (live hint ids, the speaker test) that say these words */
  ids: string[];
  /** relative to the pack folder, e.g. zh/3f1c….ogg */
  file: string;
  /** the engine and voice that made it, or what a deployer recorded it with */
  source: string;
}

export interface VoicePackManifest {
  entries: VoicePackEntry[];
}

/** Where the built renderer holds the pack's files (electron/booth/host/rendererAssetsPlugin.ts). */
export const VOICE_PACK_URL_DIR = 'voice';
