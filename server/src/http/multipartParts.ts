// Splits a buffered multipart/form-data body into its parts with @fastify/busboy. The body is
// buffered first because booth signatures cover its exact bytes; every part is taken as raw bytes
// (never charset-decoded), so the service hashes exactly what the booth sent.
import { Busboy } from '@fastify/busboy';

export class MultipartError extends Error {}

/** The parts by name; rejects with a MultipartError for a body that is not well-formed multipart. */
export function multipartParts(body: Buffer, contentType: string | undefined): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown): void => reject(new MultipartError(error instanceof Error ? error.message : String(error)));
    if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return fail('expected multipart/form-data with a boundary');
    let parser;
    try {
      parser = new Busboy({ headers: { 'content-type': contentType }, isPartAFile: () => true });
    } catch (error) {
      return fail(error);
    }
    const chunks = new Map<string, Buffer[]>();
    parser.on('file', (name: string | undefined, stream) => {
      stream.once('error', fail);
      if (name === undefined || chunks.has(name)) {
        stream.resume();
        return fail(name === undefined ? 'part without a name' : `part ${name} appears twice`);
      }
      const received: Buffer[] = [];
      chunks.set(name, received);
      stream.on('data', (chunk: Buffer) => received.push(chunk));
    });
    parser.once('error', fail);
    // once rejected, a later resolve is a no-op
    parser.once('finish', () => resolve(new Map([...chunks].map(([name, parts]) => [name, Buffer.concat(parts)]))));
    parser.end(body);
  });
}
