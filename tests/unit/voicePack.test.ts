// The committed voice pack says every prompt the kiosk can say (the live hints as the code defines
// them, and the speaker test) in every language the kiosk offers, as real Ogg Opus speech; and its
// generator, with the real espeak-ng and opusenc, makes only what is missing or reworded.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { voicePrompts, type VoicePrompt } from '../../renderer/src/kiosk/voice/voicePrompts.ts';
import { FRAMING_WORDS } from '../../renderer/vision/liveHints.ts';
import { LIVE_RULE_IDS } from '../../shared/checks/registry.ts';
import { KIOSK_LANGUAGES } from '../../shared/api/boothApi.ts';
import { VOICE_PACK_DIR, makeVoicePack, planVoicePack, promptFile, readManifest } from '../../scripts/voicePack.ts';

const listed = (entries: readonly { lang: string; text: string }[]): string[] => entries.map((e) => `${e.lang}: ${e.text}`);

/** Seconds of audio in an Ogg Opus file: the last page's granule position less the pre-skip, at 48 kHz. */
function opusSeconds(bytes: Buffer): number {
  const head = bytes.indexOf('OpusHead');
  const lastPage = bytes.lastIndexOf('OggS');
  if (bytes.indexOf('OggS') !== 0 || head < 0 || lastPage < 0) throw new Error('not an Ogg Opus file');
  const preSkip = bytes.readUInt16LE(head + 10);
  return (Number(bytes.readBigUInt64LE(lastPage + 6)) - preSkip) / 48_000;
}

describe('the committed voice pack', () => {
  it('has the audio of every live hint the code can give and of the speaker test, in every kiosk language', async () => {
    const prompts = voicePrompts();
    const ids = new Set(prompts.map((p) => p.id));
    for (const id of [...Object.keys(FRAMING_WORDS), ...LIVE_RULE_IDS, 'voice.speaker_test']) expect(ids, `prompts of ${id}`).toContain(id);
    const plan = await planVoicePack(VOICE_PACK_DIR, prompts);
    expect(listed(plan.missing), 'prompts without audio: run `npm run voice:pack`').toEqual([]);
    expect(plan.stale, 'pack files no prompt says: run `npm run voice:pack`').toEqual([]);
    expect((await readManifest(VOICE_PACK_DIR)).entries, 'the manifest is the one the prompts make').toEqual(plan.entries);
    expect(new Set(plan.entries.map((e) => e.lang))).toEqual(new Set(KIOSK_LANGUAGES));
  });

  it('notices a hint added in code until the pack is made again', async () => {
    const added: VoicePrompt = { id: 'frame.head_top', zh: '请稍微坐低一点，让头顶进入画面', en: 'Sit a little lower so the top of your head is in view' };
    const plan = await planVoicePack(VOICE_PACK_DIR, [...voicePrompts(), added]);
    expect(listed(plan.missing)).toEqual([`zh: ${added.zh}`, `en: ${added.en}`]);
  });

  it('holds spoken audio, a second or more and under ten, in each file', async () => {
    for (const entry of (await readManifest(VOICE_PACK_DIR)).entries) {
      const seconds = opusSeconds(await readFile(path.join(VOICE_PACK_DIR, entry.file)));
      expect(seconds, `${entry.file} "${entry.text}"`).toBeGreaterThan(0.8);
      expect(seconds, `${entry.file} "${entry.text}"`).toBeLessThan(10);
    }
  });
});

describe('the voice pack generator (espeak-ng + opusenc)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('makes only what is missing or reworded, keeps a recording in place of a file, and deletes what nobody says', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'gradbooth-voice-'));
    dirs.push(dir);
    const closer: VoicePrompt = { id: 'frame.distance_far', zh: '请再靠近一点', en: 'Come a little closer' };
    const back: VoicePrompt = { id: 'frame.distance_near', zh: '请稍微往后坐一点', en: 'Sit back a little' };

    const first = await makeVoicePack(dir, [closer, back]);
    expect(first.made).toHaveLength(4);
    for (const file of first.made) expect(opusSeconds(await readFile(path.join(dir, file))), file).toBeGreaterThan(0.5);

    expect(await makeVoicePack(dir, [closer, back]), 'a second run').toEqual({ made: [], deleted: [], manifestChanged: false });

    // a deployer records "请再靠近一点" (here: another file's audio) and notes it in the manifest
    const recorded = promptFile('zh', closer.zh);
    await copyFile(path.join(dir, promptFile('zh', back.zh)), path.join(dir, recorded));
    const manifest = await readManifest(dir);
    for (const entry of manifest.entries) if (entry.file === recorded) entry.source = 'recorded by the school';
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const recording = await readFile(path.join(dir, recorded));

    const reworded: VoicePrompt = { ...back, zh: '请往后坐一点' };
    const third = await makeVoicePack(dir, [closer, reworded]);
    expect(third.made).toEqual([promptFile('zh', reworded.zh)]);
    expect(third.deleted).toEqual([promptFile('zh', back.zh)]);
    expect(await readFile(path.join(dir, recorded))).toEqual(recording);
    expect((await readManifest(dir)).entries.find((e) => e.file === recorded)?.source).toBe('recorded by the school');
  });
});
