// The kiosk's voice pack (resources/voice): every prompt it can say (renderer/src/kiosk/voice/
// voicePrompts.ts) in every language it offers, as Ogg Opus files named by a hash of their words.
// Making it is incremental: a prompt whose file exists is kept (so a deployer's recording survives),
// a new or reworded prompt is synthesized, a file nobody says any more is deleted, and the manifest
// is rewritten only when it changes. The engine is Debian's espeak-ng, compressed by opusenc
// (opus-tools); the committed pack means a booth never needs either.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { KIOSK_LANGUAGES, type Language } from '../shared/api/boothApi.ts';
import type { VoicePrompt } from '../renderer/src/kiosk/voice/voicePrompts.ts';
import type { VoicePackEntry, VoicePackManifest } from '../shared/voice/voicePackManifest.ts';
import { projectRoot } from './models.ts';

export const VOICE_PACK_DIR = path.join(projectRoot, 'resources', 'voice');
const MANIFEST = 'manifest.json';
const run = promisify(execFile);

/** The pack file of some words: a changed wording is a new file, so it is noticed and made. */
export function promptFile(lang: Language, text: string): string {
  return `${lang}/${createHash('sha256').update(text).digest('hex').slice(0, 16)}.ogg`;
}

export async function readManifest(dir: string): Promise<VoicePackManifest> {
  try {
    return JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as VoicePackManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] };
    throw new Error(`${path.join(dir, MANIFEST)} is unreadable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export interface VoicePackPlan {
  /** the manifest the pack should have, in a stable order */
  entries: VoicePackEntry[];
  /** entries whose file is not there yet */
  missing: VoicePackEntry[];
  /** files of the pack that no prompt says any more */
  stale: string[];
}

/** What the pack in `dir` lacks and has too much of, for these prompts in every kiosk language. */
export async function planVoicePack(dir: string, prompts: readonly VoicePrompt[], engine: VoiceEngine = ESPEAK): Promise<VoicePackPlan> {
  const previous = new Map((await readManifest(dir)).entries.map((e) => [e.file, e]));
  const byFile = new Map<string, VoicePackEntry>();
  for (const lang of KIOSK_LANGUAGES) {
    for (const prompt of prompts) {
      const text = prompt[lang];
      const file = promptFile(lang, text);
      // a file that is there keeps what the manifest says made it (a recording, say); a new one is the engine's
      const source = (existsSync(path.join(dir, file)) ? previous.get(file)?.source : undefined) ?? engine.describe(lang);
      const entry = byFile.get(file) ?? { lang, text, ids: [], file, source };
      if (!entry.ids.includes(prompt.id)) entry.ids.push(prompt.id);
      byFile.set(file, entry);
    }
  }
  const entries = [...byFile.values()];
  const missing = entries.filter((e) => !existsSync(path.join(dir, e.file)));
  const onDisk = (await Promise.all(KIOSK_LANGUAGES.map(async (lang) => (await readdir(path.join(dir, lang)).catch(() => [] as string[])).map((f) => `${lang}/${f}`)))).flat();
  const stale = onDisk.filter((f) => !byFile.has(f)).sort();
  return { entries, missing, stale };
}

/** Speaks words into an Ogg Opus file. */
export interface VoiceEngine {
  /** what the manifest says made a file */
  describe(lang: Language): string;
  synthesize(lang: Language, text: string, outFile: string): Promise<void>;
}

/**
 * espeak-ng's voices. Mandarin is cmn-latn-pinyin: espeak-ng 1.51's plain `cmn` turns characters into
 * pinyin with tone digits and reads those as English ("ni three hao three"). English is a little
 * slower than the default, for a booth hall.
 */
const ESPEAK_VOICES: Record<Language, { voice: string; wordsPerMinute: number }> = {
  zh: { voice: 'cmn-latn-pinyin', wordsPerMinute: 175 },
  en: { voice: 'en-us', wordsPerMinute: 150 },
};
const OPUS_KBPS = 24;

export const ESPEAK: VoiceEngine = {
  describe: (lang) => `espeak-ng -v ${ESPEAK_VOICES[lang].voice} -s ${ESPEAK_VOICES[lang].wordsPerMinute} | opusenc ${OPUS_KBPS} kbit/s`,
  async synthesize(lang, text, outFile) {
    const { voice, wordsPerMinute } = ESPEAK_VOICES[lang];
    // a "(en)" in the phonemes is espeak-ng switching language mid-prompt: it would read gibberish
    const { stdout: phonemes } = await run('espeak-ng', ['-v', voice, '-q', '-x', '--', text]);
    const switched = /\(([a-z-]+)\)/i.exec(phonemes);
    if (switched) throw new Error(`espeak-ng's ${voice} voice switches to "${switched[1]}" inside "${text}": record this prompt instead, or pick another voice`);
    const wav = `${outFile}.wav`;
    try {
      await run('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-w', wav, '--', text]);
      // a serial from the file name: the same words and tools make the same bytes
      const serial = parseInt(path.basename(outFile).slice(0, 7), 16) || 1;
      await run('opusenc', ['--quiet', '--speech', '--bitrate', String(OPUS_KBPS), '--serial', String(serial), '--title', text, wav, outFile]);
    } finally {
      await rm(wav, { force: true });
    }
  },
};

/** The tools the engine needs that are not on PATH. */
export async function missingTools(tools: readonly string[] = ['espeak-ng', 'opusenc']): Promise<string[]> {
  const found = await Promise.all(tools.map((tool) => run('sh', ['-c', `command -v ${tool}`]).then(() => true, () => false)));
  return tools.filter((_, i) => !found[i]);
}

export interface VoicePackResult {
  made: string[];
  deleted: string[];
  manifestChanged: boolean;
}

/** Brings the pack in `dir` up to date with the prompts; running it again changes nothing. */
export async function makeVoicePack(dir: string, prompts: readonly VoicePrompt[], engine: VoiceEngine = ESPEAK): Promise<VoicePackResult> {
  const plan = await planVoicePack(dir, prompts, engine);
  for (const entry of plan.missing) {
    const file = path.join(dir, entry.file);
    await mkdir(path.dirname(file), { recursive: true });
    // made beside and renamed: an interrupted run never leaves a half file that a later run keeps
    const partial = `${file}.partial`;
    await engine.synthesize(entry.lang, entry.text, partial);
    await rename(partial, file);
  }
  for (const file of plan.stale) await rm(path.join(dir, file));
  const manifest = `${JSON.stringify({ entries: plan.entries } satisfies VoicePackManifest, null, 2)}\n`;
  const manifestFile = path.join(dir, MANIFEST);
  const before = await readFile(manifestFile, 'utf8').catch(() => '');
  if (before !== manifest) await writeFile(manifestFile, manifest);
  return { made: plan.missing.map((e) => e.file), deleted: plan.stale, manifestChanged: before !== manifest };
}
