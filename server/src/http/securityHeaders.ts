// The security headers of every answer the service gives, in one place: nothing is sniffed into
// another type, framed, or tells another site where it came from; and a Content-Security-Policy that lets a page
// run exactly its own inline scripts (by hash, computed from the page itself) and nothing else. A
// photo or JSON answer gets `default-src 'none'`: even a stored file that is really HTML runs nothing.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // not no-referrer: with it, browsers send `Origin: null` on a form post, which the request guard refuses
  'referrer-policy': 'same-origin',
} as const;

const BASE_POLICY = ["default-src 'none'", "img-src 'self'", "style-src 'unsafe-inline'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"];

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;
const pagePolicies = new Map<string, string>();

/** The policy of an HTML page: its inline scripts by sha256, their fetches to this service. */
export function pagePolicy(html: string): string {
  const cached = pagePolicies.get(html);
  if (cached) return cached;
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}'`);
  const policy = hashes.length === 0 ? BASE_POLICY.join('; ') : [...BASE_POLICY, `script-src ${hashes.join(' ')}`, "connect-src 'self'"].join('; ');
  // the static pages are a handful of strings; generated pages have no scripts and are not kept
  if (hashes.length > 0) pagePolicies.set(html, policy);
  return policy;
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    const html = typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    reply.header('content-security-policy', html ? pagePolicy(payload) : BASE_POLICY.join('; '));
    return payload;
  });
}
