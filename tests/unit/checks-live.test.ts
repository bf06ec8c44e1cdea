// The live subset on real 640x480 camera-like frames: which rules run, what they say without a
// face or without pixels, a tilted head caught by the roll hint (camera rolled 8°) and a blink
// (checkEdits.closedEyes on the frame), each with the vision models re-run on the edited frame.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeEdited, liveFrame, type Photo, flaggedAs } from './checkFixtures.ts';
import { closedEyes } from '../../tools/photoEdits.ts';
import { loadRgbImage } from '../../tools/rgbImage.ts';
import { runLiveChecks } from '../../shared/checks/runChecks.ts';
import { LIVE_RULE_IDS } from '../../shared/checks/registry.ts';
import { DEFAULT_BACKGROUND } from '../../shared/photoStandard.ts';

const config = { background: DEFAULT_BACKGROUND };
let frame: Photo;
let tilted: Photo;
let blinking: Photo;
beforeAll(async () => {
  frame = await liveFrame('plainPolo');
  const rolled = await sharp(frame.file).rotate(8, { background: '#ffffff' }).resize(640, 480, { fit: 'cover' }).png().toBuffer();
  tilted = await analyzeEdited('frame-640x480-rolled-8deg', await loadRgbImage(rolled));
  blinking = await analyzeEdited('frame-640x480-closed-eyes', closedEyes(frame));
});

describe('runLiveChecks', () => {
  it('runs exactly the live subset: pose, roll, eyes, mouth, hair over the eyebrows (never a glasses rule: a live frame has no parser to see glasses)', () => {
    const ids = runLiveChecks(frame.analysis.faces[0] ?? null, frame.image, config).map((r) => r.id);
    expect(ids).toEqual([...LIVE_RULE_IDS]);
    expect(ids).toEqual(['pose.yaw', 'pose.pitch', 'geom.roll', 'eyes.open', 'eyes.gaze', 'mouth.closed', 'hair.eyebrows']);
  });
  it('gives a student sitting straight with a closed mouth no hint to act on', () => {
    const results = runLiveChecks(frame.analysis.faces[0] ?? null, frame.image, config);
    expect(results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id} ${r.value}`)).toEqual([]);
  });
  it('asks the student to straighten a head tilted 8°', () => {
    const roll = runLiveChecks(tilted.analysis.faces[0] ?? null, tilted.image, config).find((r) => r.id === 'geom.roll');
    expect(roll?.verdict, `roll ${roll?.value}°`).toBe(flaggedAs('geom.roll'));
    expect(roll?.message_zh).toContain('头摆正');
  });
  it('tells the student to open their eyes when the eyelids are closed (advice: a blink score alone is not sure enough to hold the capture)', () => {
    const eyes = runLiveChecks(blinking.analysis.faces[0] ?? null, blinking.image, config).find((r) => r.id === 'eyes.open');
    expect(eyes?.verdict, `blink score ${eyes?.value}`).toBe(flaggedAs('eyes.open'));
    expect(eyes?.message_zh).toContain('睁');
  });
  it('without a face in view only asks the student to face the camera', () => {
    expect(runLiveChecks(null, frame.image, config)).toMatchObject([{ id: 'face.count', verdict: 'fail', value: 0 }]);
  });
  it('without pixels runs only the landmark and blendshape rules', () => {
    const ids = runLiveChecks(frame.analysis.faces[0] ?? null, null, config).map((r) => r.id);
    expect(ids).not.toContain('hair.eyebrows');
    expect(ids).toContain('pose.yaw');
  });
});
