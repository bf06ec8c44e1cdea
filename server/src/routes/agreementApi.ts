// The agreement report and calibration export for admins (issue 16): the page /admin/agreement and
// its API under /api/v1/admin/ (documented in the OpenAPI document), behind the admin session. Reads
// only: the decisions they are computed from are made in the reviewer API.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../../shared/sync/protocol.ts';
import type { ServiceContext } from '../serviceContext.ts';
import { requireStaff } from '../auth/staffSessions.ts';
import { audit } from '../submissions/submissionLedger.ts';
import { agreementCsv, agreementReport, AgreementFilterSchema } from '../agreement/agreementReport.ts';
import { calibrationExport } from '../agreement/calibrationExport.ts';
import { staticPage } from '../web/html.ts';

export const AGREEMENT_PATHS = {
  report: `${API_PREFIX}/admin/agreement`,
  reportCsv: `${API_PREFIX}/admin/agreement.csv`,
  calibrationExport: `${API_PREFIX}/admin/calibration-export.csv`,
} as const;

const csv = (name: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' });

export function registerAgreementApi(app: FastifyInstance, ctx: ServiceContext): void {
  const page = staticPage('agreement.html');
  app.get('/admin/agreement', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  const admin = (request: FastifyRequest) => requireStaff(ctx.db, request, ['admin']);

  app.get(AGREEMENT_PATHS.report, async (request) => {
    await admin(request);
    return agreementReport(ctx.db, AgreementFilterSchema.parse(request.query));
  });

  app.get(AGREEMENT_PATHS.reportCsv, async (request, reply) => {
    await admin(request);
    const report = await agreementReport(ctx.db, AgreementFilterSchema.parse(request.query));
    return reply.headers(csv('gradbooth-agreement.csv')).send(agreementCsv(report));
  });

  app.get(AGREEMENT_PATHS.calibrationExport, async (request, reply) => {
    const user = await admin(request);
    const filter = AgreementFilterSchema.parse(request.query);
    await audit(ctx.db, `user:${user.username}`, 'calibration.exported', 'rule_outcomes', filter);
    return reply.headers(csv('gradbooth-calibration.csv')).send(Readable.from(calibrationExport(ctx.db, filter)));
  });
}
