// The person mask of one image with tasks-vision's selfie segmenter: the one way the still
// analysis and the live forecast take it, so the live hair top is measured as the still's is.
import type { ImageSegmenter } from '@mediapipe/tasks-vision';
import type { PersonMask } from '../../shared/vision/stillAnalysis.ts';

/** Longest side the segmenter input is scaled to: its model is 256x256, more only costs time. */
export const SEGMENTER_LONG_SIDE = 512;

/** `segmenter` runs in IMAGE mode with confidence masks; the mask covers the whole image, 8-bit. */
export async function segmentPerson(segmenter: ImageSegmenter, image: ImageBitmap): Promise<PersonMask | null> {
  const scale = Math.min(1, SEGMENTER_LONG_SIDE / Math.max(image.width, image.height));
  const small =
    scale < 1
      ? await createImageBitmap(image, { resizeWidth: Math.round(image.width * scale), resizeHeight: Math.round(image.height * scale), resizeQuality: 'medium' })
      : image;
  const result = segmenter.segment(small);
  try {
    const confidence = result.confidenceMasks?.[0];
    if (!confidence) return null;
    const floats = confidence.getAsFloat32Array();
    // 8-bit: a quarter of the bytes and no visible loss for a mask refined later
    const data = new Uint8Array(floats.length);
    for (let i = 0; i < floats.length; i++) data[i] = Math.round(Math.min(1, Math.max(0, floats[i] ?? 0)) * 255);
    return { width: confidence.width, height: confidence.height, data };
  } finally {
    result.close();
    if (small !== image) small.close();
  }
}
