// A QR code of a text as inline SVG (receipt, payment, staff pairing), made in the page: the text
// never leaves the booth for a QR service.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** The SVG markup of `text`'s QR code, or null while it is made (or when there is no text). */
export function useQrSvg(text: string | null): string | null {
  const [svg, setSvg] = useState<{ text: string; svg: string } | null>(null);
  useEffect(() => {
    if (!text) return;
    let cancelled = false;
    void QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((made) => {
      if (!cancelled) setSvg({ text, svg: made });
    });
    return () => {
      cancelled = true;
    };
  }, [text]);
  // a new text never shows the previous text's code
  return svg && svg.text === text ? svg.svg : null;
}
