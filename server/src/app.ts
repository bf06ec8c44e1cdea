// Builds the review service's HTTP app: body parsers that keep the raw bytes (booth signatures cover
// them), the request guard and the security headers on every route, one error format, and the route groups.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { UPLOAD_MAX_BYTES } from '../../shared/sync/protocol.ts';
import { HttpError } from './http/httpError.ts';
import { registerRequestGuard } from './http/requestGuard.ts';
import { registerSecurityHeaders } from './http/securityHeaders.ts';
import { requestForLog } from './http/logRedaction.ts';
import type { ServiceContext } from './serviceContext.ts';
import { registerBoothApi } from './routes/boothApi.ts';
import { registerOpenApi } from './routes/openApi.ts';
import { registerStudentStatus } from './routes/studentStatus.ts';
import { registerReviewerApi } from './routes/reviewerApi.ts';
import { registerAdminApi } from './routes/adminApi.ts';
import { registerPaymentApi } from './routes/paymentApi.ts';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export function buildApp(ctx: ServiceContext, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ? { level: process.env.LOG_LEVEL ?? 'info', serializers: { req: requestForLog } } : false,
    // every route but the upload (which sets its own) reads at most 1 MiB
    bodyLimit: 1024 * 1024,
    // a request must arrive whole within 5 min (Node's own default, which Fastify turns off): a 16 MB
    // upload needs ≥ 0.5 Mbit/s, and a client that trickles bytes does not hold a connection for ever
    requestTimeout: 300_000,
    // two nodes behind a TLS-terminating proxy: trust its X-Forwarded-* only when told to
    trustProxy: process.env.TRUST_PROXY === '1',
  });

  app.removeAllContentTypeParsers();
  const keepRaw = (request: FastifyRequest, body: Buffer): void => {
    request.rawBody = body;
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    keepRaw(request, body);
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new HttpError(400, 'bad_json', 'the body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES }, (request, body: Buffer, done) => {
    keepRaw(request, body);
    done(null, body);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body: string, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body)));
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return reply.status(error.status).send(error.body());
    if (error instanceof ZodError) {
      return reply.status(400).send({ error: 'invalid_request', message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.status(413).send({ error: 'too_large', message: `the body is larger than the limit (${UPLOAD_MAX_BYTES} bytes for uploads)` });
    if (status && status >= 400 && status < 500) return reply.status(status).send({ error: 'bad_request', message: (error as Error).message });
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal', message: 'the service failed on this request; it is safe to retry' });
  });

  registerRequestGuard(app);
  registerSecurityHeaders(app);
  registerOpenApi(app);
  registerBoothApi(app, ctx);
  registerStudentStatus(app, ctx);
  registerReviewerApi(app, ctx);
  registerAdminApi(app, ctx);
  registerPaymentApi(app, ctx);
  return app;
}
