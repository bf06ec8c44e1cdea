// Builds the multipart/form-data body of an upload as exact bytes, so the booth can hash and sign
// the very bytes it sends (a runtime's FormData picks its own boundary and layout).

export interface MultipartPart {
  name: string;
  /** set for file parts; text fields have none */
  filename?: string;
  contentType: string;
  body: Uint8Array;
}

const encoder = new TextEncoder();

export function encodeMultipart(parts: readonly MultipartPart[], boundary: string): { body: Uint8Array; contentType: string } {
  if (!/^[A-Za-z0-9'()+_,\-.]{1,70}$/.test(boundary)) throw new RangeError(`invalid multipart boundary ${JSON.stringify(boundary)}`);
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    if (/["\r\n]/.test(part.name + (part.filename ?? ''))) throw new RangeError(`part name ${JSON.stringify(part.name)} may not contain quotes or newlines`);
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    chunks.push(encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`));
    chunks.push(part.body);
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
