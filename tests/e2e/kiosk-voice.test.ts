// The kiosk's voice in Debian Chromium, a browser with no speech voices at all: the live hint is
// played from the prompt pack through the page's audio element, in the student's language, and the
// staff screen's health view says how the kiosk speaks and plays its speaker test on the kiosk.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SPEAKER_TEST } from '../../renderer/src/kiosk/voice/voicePrompts.ts';
import { VOICE_PACK_DIR, readManifest } from '../../scripts/voicePack.ts';
import type { Language } from '../../shared/api/boothApi.ts';
import { REFUSALS, RETRY_ADVICE } from '../../shared/photo/refusals.ts';
import { DEMO_ROSTER } from '../../electron/booth/api/inMemoryResolver.ts';
import { OUTPUT_DIR, makeCameraFile, reachPosing, screenshot, startKiosk, type KioskRig } from './kioskHarness.ts';
import { openView, staffLogin, startStaffRig, type StaffRig } from './staffHarness.ts';

const NEW_PIN = '135790';
let emptyCamera = '';
const closing: { close(): Promise<void> }[] = [];

interface AudioState {
  src: string;
  ended: boolean;
  /** seconds of media the element actually played */
  played: number;
  duration: number;
}

const audioState = (page: Page): Promise<AudioState> => page.locator('audio.voice-out').evaluate((audio: HTMLAudioElement) => ({
  src: audio.currentSrc,
  ended: audio.ended,
  played: audio.played.length > 0 ? audio.played.end(audio.played.length - 1) - audio.played.start(0) : 0,
  duration: audio.duration,
}));

/** the pack file the manifest gives for these words: the test finds it by the words the screen shows */
async function packFile(lang: Language, text: string): Promise<string> {
  const entry = (await readManifest(VOICE_PACK_DIR)).entries.find((e) => e.lang === lang && e.text === text);
  if (!entry) throw new Error(`the voice pack has no ${lang} audio for "${text}"`);
  return entry.file;
}

/** waits until the kiosk's audio element has played the whole pack file of these words */
async function expectPlayed(page: Page, lang: Language, text: string): Promise<AudioState> {
  const file = await packFile(lang, text);
  await expect.poll(async () => {
    const state = await audioState(page);
    return state.src.endsWith(`/voice/${file}`) && state.ended;
  }, { timeout: 20_000, message: `the kiosk played voice/${file} ("${text}") to its end` }).toBe(true);
  return audioState(page);
}

beforeAll(async () => {
  emptyCamera = await makeCameraFile(null, path.join(OUTPUT_DIR, 'camera', 'empty-backdrop.y4m'));
});

afterAll(async () => {
  for (const c of closing) await c.close();
});

describe('the kiosk voice in Chromium without speech voices', () => {
  test('the current live hint is played from the prompt pack through the page audio, and in English after the switch', async () => {
    const rig: KioskRig = await startKiosk(emptyCamera, { voiceHints: true });
    closing.push(rig);
    const { page } = rig;
    await reachPosing(page, DEMO_ROSTER[0]!);
    await page.waitForSelector('.posing[data-hint="face.none"]', { timeout: 60_000 });
    // this browser has no speech engine: Web Speech could not say a word
    expect(await page.evaluate(() => window.speechSynthesis.getVoices().length), 'speech voices in this Chromium').toBe(0);

    const hintZh = await page.locator('.hint').innerText();
    const zh = await expectPlayed(page, 'zh', hintZh);
    expect(zh.duration, 'seconds of the zh prompt').toBeGreaterThan(1);
    expect(zh.played, 'seconds played of the zh prompt').toBeGreaterThan(zh.duration * 0.9);

    await page.getByRole('button', { name: 'English' }).click();
    // the engine's words for no face, or what to try instead once the hint has held 15 s
    const englishNoFace: string[] = [REFUSALS.no_face.en, RETRY_ADVICE.no_face.en];
    await expect.poll(() => page.locator('.hint').innerText(), { timeout: 30_000 }).toSatisfy((text: string) => englishNoFace.includes(text));
    const en = await expectPlayed(page, 'en', await page.locator('.hint').innerText());
    expect(en.played, 'seconds played of the en prompt').toBeGreaterThan(en.duration * 0.9);
  });

  test('the staff health view says the kiosk speaks from its prompt pack, and "test the speaker" plays the test prompt on the kiosk', async () => {
    const rig: StaffRig = await startStaffRig(emptyCamera);
    closing.push(rig);
    const { staff, booth } = rig;
    expect(booth.staff.pin.change('2468', NEW_PIN, 'booth').ok).toBe(true);
    const kiosk = await rig.kiosk();
    await staffLogin(staff, NEW_PIN);
    await staff.waitForSelector('.staff[data-auth=open]');
    await openView(staff, 'health');
    const zhRow = staff.locator('[data-health=voice-zh]');
    await zhRow.locator('text=提示音包').waitFor({ timeout: 15_000 });
    expect(await zhRow.getAttribute('class')).toBe('ok');
    expect(await staff.locator('[data-health=voice-en]').getAttribute('class')).toBe('ok');

    await staff.getByRole('button', { name: '测试扬声器' }).click();
    await expectPlayed(kiosk, 'zh', SPEAKER_TEST.zh);
    const last = staff.locator('[data-health=voice-last]');
    await last.locator('text=测试语音').waitFor({ timeout: 15_000 });
    expect(await last.getAttribute('class')).toBe('ok');
    expect(booth.store.audit.recent(10).map((e) => e.action)).toContain('staff.test_speaker');
    await screenshot(staff, 'staff-11-health-voice');
  });
});
