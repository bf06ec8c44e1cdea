// A browser a staff user has logged in with carries a signed cookie naming that user (OWASP's
// "device cookie"): its password guesses count against that browser alone, so nobody's wrong guesses
// from elsewhere lock the user out of the browser they use. The key is shared by every node.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sharedSetting } from '../db/sharedSetting.ts';

const COOKIE = 'gb_browser';
const KEY_SETTING = 'auth.trusted_browser_key';
const MAX_AGE_S = 180 * 24 * 60 * 60;

export class TrustedBrowsers {
  private readonly key: Buffer;

  private constructor(key: Buffer) {
    this.key = key;
  }

  static async open(db: Kysely<Database>): Promise<TrustedBrowsers> {
    return new TrustedBrowsers(Buffer.from(await sharedSetting(db, KEY_SETTING, () => randomBytes(32).toString('base64')), 'base64'));
  }

  private mac(username: string, id: string): Buffer {
    return createHmac('sha256', this.key).update(`${username.toLowerCase()}\n${id}`).digest();
  }

  /** The id of this browser when it logged in as `username` before, else null. */
  idFor(request: FastifyRequest, username: string): string | null {
    for (const pair of (request.headers.cookie ?? '').split(';')) {
      const [name, value = ''] = pair.trim().split('=');
      if (name !== COOKIE) continue;
      const [id = '', mac = ''] = value.split('.');
      const given = Buffer.from(mac, 'base64url');
      const expected = this.mac(username, id);
      if (id && given.length === expected.length && timingSafeEqual(given, expected)) return id;
    }
    return null;
  }

  /** After a right password: this browser is trusted for `username` (only the login route receives the cookie). */
  trust(reply: FastifyReply, username: string, existingId: string | null): void {
    const id = existingId ?? randomBytes(16).toString('base64url');
    const value = `${id}.${this.mac(username, id).toString('base64url')}`;
    reply.header('set-cookie', `${COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/staff/api/login; Max-Age=${MAX_AGE_S}${process.env.COOKIE_SECURE === '1' ? '; Secure' : ''}`);
  }
}
