// mouth.closed on real photos: closed lips (thin or full) pass, lips slightly parted warn, a smile
// showing teeth fails, a profile is left to a reviewer.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';

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
  it('fails a wide smile showing teeth', () => {
    const r = ruleOf(photos.smile, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe(flaggedAs('mouth.closed'));
  });
  it('sends a 64° profile, whose far half of the mouth is hidden, to a reviewer (CelebA 000003)', () => {
    const r = ruleOf(photos.profile, 'mouth.closed');
    expect(r).toMatchObject({ verdict: 'warn', value: null });
    expect(ruleOf(photos.profile, 'pose.yaw').verdict).toBe(flaggedAs('pose.yaw'));
  });
});
