// Splits a buffered multipart/form-data body into its parts without copying (Buffer.indexOf is
// native, so a 2 MB original costs microseconds, and the service hashes exactly the bytes received).

export interface ReceivedPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  body: Buffer;
}

export class MultipartError extends Error {}

export function parseMultipart(body: Buffer, contentTypeHeader: string | undefined): Map<string, ReceivedPart> {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentTypeHeader ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || !/^multipart\/form-data/i.test(contentTypeHeader ?? '')) throw new MultipartError('expected multipart/form-data with a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts = new Map<string, ReceivedPart>();
  let at = body.indexOf(delimiter);
  if (at !== 0) throw new MultipartError('body does not start with the multipart boundary');
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // closing "--"
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw new MultipartError('malformed boundary line');
    const headersEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headersEnd < 0) throw new MultipartError('part headers never end');
    const headers = body.subarray(at + 2, headersEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (next < 0) throw new MultipartError('part has no closing boundary (body truncated?)');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new MultipartError('part without a name');
    if (parts.has(name)) throw new MultipartError(`part ${name} appears twice`);
    parts.set(name, {
      name,
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? null,
      body: body.subarray(headersEnd + 4, next),
    });
    at = next + 2;
  }
}
