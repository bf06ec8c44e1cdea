// The page of the camera-frame sampler test: the fake camera's frame sampled by the kiosk's
// VideoFrameSampler and scaled by Chromium's own createImageBitmap, returned as RGBA for comparison.
import { VideoFrameSampler } from '../../renderer/vision/videoFrameSampler.ts';

export interface SampledFrames {
  camera: { width: number; height: number };
  width: number;
  height: number;
  sampled: number[];
  chromium: number[];
  sampleMs: number;
}

declare global {
  interface Window {
    sampleCamera(width: number): Promise<SampledFrames>;
  }
}

function pixels(bitmap: ImageBitmap): number[] {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data);
}

window.sampleCamera = async (width) => {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 4000 }, height: { ideal: 3000 } } });
  await video.play();
  // the fake camera loops one still frame: both readings see the same picture
  const t0 = performance.now();
  const sampled = await new VideoFrameSampler().sample(video, width);
  const sampleMs = performance.now() - t0;
  const chromium = await createImageBitmap(video, { resizeWidth: sampled.width, resizeHeight: sampled.height, resizeQuality: 'medium' });
  const result = { camera: { width: video.videoWidth, height: video.videoHeight }, width: sampled.width, height: sampled.height, sampled: pixels(sampled), chromium: pixels(chromium), sampleMs };
  for (const track of (video.srcObject as MediaStream).getTracks()) track.stop();
  return result;
};
