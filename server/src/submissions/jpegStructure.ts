// Whether a photo part is a whole JPEG file, read marker by marker (ITU-T T.81 Annex B): SOI, then
// segments that each fit inside the file, a frame header with a non-zero size before the first scan,
// the entropy-coded scans, and EOI as the very last two bytes. `FF D8 FF` followed by HTML — or a
// JPEG with a page appended after EOI — is not a photo, and is never stored or shown to a reviewer.
// Structure only: it does not decode the pixels (the booth made them; the reviewer looks at them).

const isStandalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) */
const isFrameHeader = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Index of the next marker after the entropy-coded data starting at `from` (FF 00 and RSTn belong to the data). */
function endOfScan(bytes: Uint8Array, from: number): number {
  for (let at = bytes.indexOf(0xff, from); at >= 0; at = bytes.indexOf(0xff, at + 1)) {
    const next = bytes[at + 1];
    if (next === undefined) return bytes.length;
    if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) return at;
    at += 1;
  }
  return bytes.length;
}

export function isJpegFile(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let at = 2;
  let frame = false;
  let scans = 0;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return false;
    while (bytes[at] === 0xff) at += 1; // fill bytes
    const marker = bytes[at++];
    if (marker === undefined) return false;
    if (marker === 0xd9) return frame && scans > 0 && at === bytes.length;
    if (isStandalone(marker)) continue;
    if (marker === 0x00 || marker === 0xd8 || at + 2 > bytes.length) return false;
    const length = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    const end = at + length;
    if (length < 2 || end > bytes.length) return false;
    if (isFrameHeader(marker)) {
      if (length < 8) return false;
      const height = ((bytes[at + 3] ?? 0) << 8) | (bytes[at + 4] ?? 0);
      const width = ((bytes[at + 5] ?? 0) << 8) | (bytes[at + 6] ?? 0);
      if (width === 0 || height === 0) return false;
      frame = true;
    }
    if (marker === 0xda) {
      if (!frame) return false;
      scans += 1;
      at = endOfScan(bytes, end);
      continue;
    }
    at = end;
  }
  return false;
}
