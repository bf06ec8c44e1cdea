// The one codec of a StillAnalysis as JSON carries it (renderer → booth, headless page → runner,
// the vision cache): mask and class map bytes in base64. atob/btoa exist in browsers and in Node.
import type { FaceParse, FaceParseWire, StillAnalysis, StillAnalysisWire } from './stillAnalysis.ts';

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function parseToWire(parse: FaceParse): FaceParseWire {
  return { crop: parse.crop, width: parse.width, height: parse.height, base64: bytesToBase64(parse.classes) };
}

export function parseFromWire(wire: FaceParseWire): FaceParse {
  return { crop: wire.crop, width: wire.width, height: wire.height, classes: base64ToBytes(wire.base64) };
}

export function toWire(analysis: StillAnalysis): StillAnalysisWire {
  const { mask, parse } = analysis;
  return { ...analysis, mask: mask && { width: mask.width, height: mask.height, base64: bytesToBase64(mask.data) }, parse: parse && parseToWire(parse) };
}

export function fromWire(wire: StillAnalysisWire): StillAnalysis {
  const { mask, parse } = wire;
  return { ...wire, mask: mask && { width: mask.width, height: mask.height, data: base64ToBytes(mask.base64) }, parse: parse && parseFromWire(parse) };
}
