// The one request guard of every HTTP listener in the product (the booth's web host and LAN listener,
// the review service). A browser is the attacker's tool here: it sends a cross-site form or text/plain
// POST without asking anyone, opens a WebSocket to any origin, and after DNS rebinding addresses a
// loopback listener under a foreign name. So: the Host must be one the listener answers to; a request
// that changes state or opens a socket must come from the listener's own origin when a browser says
// where it comes from; and its body must be a type the route reads.

export interface GuardedRequest {
  method: string;
  /** the Host header (for the service behind its proxy: the forwarded host) */
  host: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
  /** a WebSocket handshake: a GET that opens a channel, checked like a state change */
  upgrade?: boolean;
}

export interface GuardPolicy {
  /** the `host:port` names the listener answers to; absent: any (a public service behind its proxy) */
  hosts?: readonly string[];
  /** the media types a state-changing request's body may have; absent: the body parsers decide */
  bodyTypes?: readonly string[];
}

export type GuardVerdict = { ok: true } | { ok: false; status: 403 | 415; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `application/json; charset=utf-8` → `application/json` */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function fromHost(origin: string, host: string): boolean {
  // "null" (a sandboxed frame, a file: page) or anything unparsable is never the listener's own origin
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}

export function guardRequest(request: GuardedRequest, policy: GuardPolicy): GuardVerdict {
  const host = (request.host ?? '').toLowerCase();
  if (policy.hosts && !policy.hosts.includes(host)) return { ok: false, status: 403, message: `this listener does not answer to the host name "${host}"` };
  if (!request.upgrade && SAFE_METHODS.has(request.method.toUpperCase())) return { ok: true };
  if (request.origin !== undefined && !fromHost(request.origin, host)) return { ok: false, status: 403, message: `a request from another origin (${request.origin}) is refused` };
  if (!request.upgrade && policy.bodyTypes && !policy.bodyTypes.includes(mediaType(request.contentType))) {
    return { ok: false, status: 415, message: `the body must be ${policy.bodyTypes.join(' or ')}` };
  }
  return { ok: true };
}
