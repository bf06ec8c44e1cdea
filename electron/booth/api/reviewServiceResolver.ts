// Code resolution online, through the review service's resolver (POST /api/v1/codes/resolve,
// signed as the enrolled booth): the booth never holds a roster or a plain ID number (ARCHITECTURE §7).
import { z } from 'zod';
import type { EducationCategory } from '../../../shared/api/boothApi.ts';
import { API_PREFIX, ResolvedCodeSchema } from '../../../shared/sync/protocol.ts';
import { jsonBody, type SignedClient } from '../sync/signedClient.ts';
import type { CodeResolver } from './limitedResolver.ts';

const LockedBodySchema = z.object({ message: z.string().optional(), message_zh: z.string().optional() }).loose();

/**
 * `client` is the enrolled booth's signed client, or null before enrolment. `categories` maps the
 * service's 学历类别 names (本科, 硕士研究生, ...) to the booth's category ids for pre-selection.
 */
export function reviewServiceResolver(client: () => SignedClient | null, categories: () => readonly EducationCategory[]): CodeResolver {
  return async (code, last4) => {
    const signed = client();
    if (!signed) return { kind: 'unavailable', message_en: 'the booth is not enrolled with a review service: enrol it on the staff screen' };
    let response: { status: number; body: unknown };
    try {
      response = await signed.send('POST', `${API_PREFIX}/codes/resolve`, jsonBody({ code, last4 }));
    } catch (error) {
      return { kind: 'unavailable', message_en: error instanceof Error ? error.message : String(error) };
    }
    if (response.status === 200) {
      const resolved = ResolvedCodeSchema.safeParse(response.body);
      if (!resolved.success) return { kind: 'unavailable', message_en: `the review service answered off-protocol: ${resolved.error.message}` };
      const { maskedName, maskedSchool, degreeCategory } = resolved.data;
      const category = categories().find((c) => c.label.zh === degreeCategory);
      return { kind: 'resolved', record: { maskedName, school: maskedSchool, categoryId: category?.id ?? null } };
    }
    if (response.status === 404) return { kind: 'unknown_code' };
    if (response.status === 422) return { kind: 'wrong_last4' };
    if (response.status === 429 || response.status === 423) {
      const body = LockedBodySchema.safeParse(response.body);
      return {
        kind: 'locked',
        message_zh: (body.success && body.data.message_zh) || '证件号后四位错误次数过多，该采集码已暂时锁定，请稍后再试或联系工作人员。',
        message_en: (body.success && body.data.message) || `the review service refuses more attempts (HTTP ${response.status})`,
      };
    }
    return { kind: 'unavailable', message_en: `the review service answered HTTP ${response.status}` };
  };
}
