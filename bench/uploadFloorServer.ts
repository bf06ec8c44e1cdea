// The floor under the review service's upload rate on this machine: a bare node:http server doing
// only what no upload can skip (receive the body, hash it and the original, store both photos
// durably through the service's own LocalDiskStore), without the framework, the signature check,
// the metadata checks or the database. server.bench.ts sends it the same uploads as the service.
import '../server/src/threadPool.ts';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { LocalDiskStore } from '../server/src/objects/localDiskStore.ts';
import { multipartParts } from '../server/src/http/multipartParts.ts';
import { UPLOAD_PARTS } from '../shared/sync/protocol.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const objects = new LocalDiskStore(process.env.DATA_DIR ?? '');

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.once('end', () => {
    const body = Buffer.concat(chunks);
    const bodyDigest = sha256(body);
    multipartParts(body, request.headers['content-type']).then((parts) => {
      const standardized = parts.get(UPLOAD_PARTS.standardized)!;
      const original = parts.get(UPLOAD_PARTS.original)!;
      return Promise.all([objects.put(sha256(standardized), standardized), objects.put(sha256(original), original)]);
    }).then(
      () => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ bodyDigest })),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`floor server listening on http://127.0.0.1:${address.port}`);
});
