// `npm run voice:pack`: brings resources/voice up to date with the prompts the kiosk can say (new or
// reworded ones synthesized with espeak-ng + opusenc, unused ones deleted, recordings kept);
// `npm run voice:pack -- --check` only reports what is missing or unused, and needs no engine.
import { voicePrompts } from '../renderer/src/kiosk/voice/voicePrompts.ts';
import { VOICE_PACK_DIR, makeVoicePack, missingTools, planVoicePack } from './voicePack.ts';

const prompts = voicePrompts();
const plan = await planVoicePack(VOICE_PACK_DIR, prompts);
const describe = (files: readonly { lang: string; text: string }[]): string => files.map((e) => `  ${e.lang}: ${e.text}`).join('\n');

if (process.argv.includes('--check')) {
  if (plan.missing.length > 0) console.error(`voice pack: ${plan.missing.length} prompt(s) have no audio:\n${describe(plan.missing)}`);
  if (plan.stale.length > 0) console.error(`voice pack: ${plan.stale.length} file(s) no prompt says: ${plan.stale.join(', ')}`);
  if (plan.missing.length === 0 && plan.stale.length === 0) console.log(`voice pack: all ${plan.entries.length} files present (${prompts.length} prompts in each language)`);
  else process.exitCode = 1;
} else {
  const absent = plan.missing.length > 0 ? await missingTools() : [];
  if (absent.length > 0) {
    console.error(`voice pack: ${plan.missing.length} prompt(s) to make, but ${absent.join(' and ')} is not installed (Debian: apt-get install espeak-ng opus-tools):\n${describe(plan.missing)}`);
    process.exitCode = 1;
  } else {
    const result = await makeVoicePack(VOICE_PACK_DIR, prompts);
    console.log(`voice pack: ${plan.entries.length} files (${prompts.length} prompts in each language), ${result.made.length} made, ${result.deleted.length} deleted${result.manifestChanged ? ', manifest updated' : ''}`);
  }
}
