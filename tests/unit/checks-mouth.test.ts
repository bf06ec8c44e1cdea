// mouth.closed on real photos: closed lips pass, a smile showing teeth fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';

let photos: Record<'idPhoto' | 'smile', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'smile']);
});

describe('mouth.closed', () => {
  it('passes closed lips', () => {
    const r = ruleOf(photos.idPhoto, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe('pass');
  });
  it('fails a wide smile showing teeth', () => {
    const r = ruleOf(photos.smile, 'mouth.closed');
    expect(r.verdict, `openness ${r.value}`).toBe('fail');
  });
});
