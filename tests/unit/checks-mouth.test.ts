// mouth.closed on real photos: closed lips (thin or full) pass, lips slightly parted warn, a smile
// showing teeth fails, a profile is left to a reviewer.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';

let photos: Record<'idPhoto' | 'fullLips' | 'parted' | 'smile' | 'profile', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'fullLips', 'parted', 'smile', 'profile']);
});

describe('mouth.closed', () => {
  it('passes closed lips', () => {
    const r = ruleOf(photos.idPhoto, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe('pass');
  });
  it('passes full lips that touch (CelebA 000022)', () => {
    const r = ruleOf(photos.fullLips, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe('pass');
  });
  it('flags lips slightly parted for a reviewer (CelebA 000023)', () => {
    const r = ruleOf(photos.parted, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe('warn');
  });
  it('fails a wide smile showing teeth', () => {
    const r = ruleOf(photos.smile, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe('fail');
  });
  it('sends a 64° profile, whose far half of the mouth is hidden, to a reviewer (CelebA 000003)', () => {
    const r = ruleOf(photos.profile, 'mouth.closed');
    expect(r).toMatchObject({ verdict: 'warn', value: null });
    expect(ruleOf(photos.profile, 'pose.yaw').verdict).toBe('fail');
  });
});
