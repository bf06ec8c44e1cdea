// Head pose rules on real photos: a frontal ID photo passes, a turned or tipped head fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhotos, ruleOf, type Photo, flaggedAs } from './checkFixtures.ts';

let photos: Record<'idPhoto' | 'turned' | 'pitched', Photo>;
beforeAll(async () => {
  photos = await loadPhotos(['idPhoto', 'turned', 'pitched']);
});

describe('pose.yaw', () => {
  it('passes a student facing the camera', () => {
    const r = ruleOf(photos.idPhoto, 'pose.yaw');
    expect(r.verdict, `yaw ${r.value}°`).toBe('pass');
  });
  it('fails a head turned 26° (FFHQ 00006, labelled yaw −25.8°) and reads it within 5° of the label', () => {
    const r = ruleOf(photos.turned, 'pose.yaw');
    expect(r.verdict).toBe(flaggedAs('pose.yaw'));
    expect(r.value ?? 0).toBeGreaterThan(-25.8 - 5);
    expect(r.value ?? 0).toBeLessThan(-25.8 + 5);
  });
});

describe('pose.pitch', () => {
  it('reads a frontal ID photo as level once the frontal bias is removed', () => {
    const r = ruleOf(photos.idPhoto, 'pose.pitch');
    expect(r.verdict, `pitch ${r.value}°`).toBe('pass');
    expect(Math.abs(r.value ?? 99)).toBeLessThan(5);
  });
  it('flags a head tipped far back', () => {
    const r = ruleOf(photos.pitched, 'pose.pitch');
    expect(r.verdict, `pitch ${r.value}°`).toBe(flaggedAs('pose.pitch'));
  });
});
