// What the request log may say about a URL: query parameters that carry a secret (the student status
// page's `k`) are replaced, so the log never holds what opens a student's status page.
import type { FastifyRequest } from 'fastify';

const SECRET_PARAMETERS = ['k'];
const SECRET_IN_QUERY = new RegExp(`([?&](?:${SECRET_PARAMETERS.join('|')})=)[^&#]*`, 'g');

export function redactUrl(url: string): string {
  return url.replace(SECRET_IN_QUERY, '$1[redacted]');
}

/** Fastify's request serializer, with the URL redacted. */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}
