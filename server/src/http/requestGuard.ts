// The service's side of the one request guard (shared/http/requestGuard.ts), run on every request
// before its body is read: a state-changing request from another origin is refused (a sibling host
// of the university's site shares SameSite=Strict cookies but not the origin), a body must be a type
// the route declares (JSON unless its `config.bodyTypes` says otherwise: no form can be posted to a
// staff route, and only the upload route reads multipart), and a query naming a parameter twice is a 400.
import type { FastifyInstance } from 'fastify';
import { guardRequest } from '../../../shared/http/requestGuard.ts';
import { HttpError } from './httpError.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the media types this route's body may have (default: JSON) */
    bodyTypes?: readonly string[];
  }
}

export const BODY_TYPES = {
  json: ['application/json'],
  form: ['application/x-www-form-urlencoded'],
  multipart: ['multipart/form-data'],
} as const;

export function registerRequestGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const verdict = guardRequest(
      { method: request.method, host: request.host, origin: request.headers.origin, contentType: request.headers['content-type'] },
      // no route: its body is never read, and "no such route" (404) is the clearer answer
      request.is404 ? {} : { bodyTypes: request.routeOptions.config.bodyTypes ?? BODY_TYPES.json },
    );
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.status === 415 ? 'unsupported_body' : 'cross_origin', verdict.message);
    for (const [name, value] of Object.entries(request.query as Record<string, unknown>)) {
      if (Array.isArray(value)) throw new HttpError(400, 'repeated_parameter', `the query names "${name}" more than once`);
    }
  });
}
