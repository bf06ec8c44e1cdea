// face.makeup on real photos: it only ever warns (a reviewer decides), on strong lipstick.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo } from './checkFixtures.ts';

let photos: Record<'smile' | 'makeup', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['smile', 'makeup']);
});

describe('face.makeup', () => {
  it('passes a face without makeup', () => {
    const r = ruleOf(photos.smile, 'face.makeup');
    expect(r.verdict, `ΔC* ${r.value}`).toBe('pass');
  });
  it('warns, never fails, on red lipstick', () => {
    const r = ruleOf(photos.makeup, 'face.makeup');
    expect(r.verdict, `ΔC* ${r.value}`).toBe('warn');
  });
});
