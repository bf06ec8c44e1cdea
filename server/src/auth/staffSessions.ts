// Logins for reviewers and admins: a random session token in an HttpOnly, SameSite=Strict cookie,
// only its sha256 stored (in the database, so any service node can serve the next request).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, UsersTable } from '../db/schema.ts';
import { HttpError } from '../http/httpError.ts';
import { verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'gb_session';
const SESSION_MS = 12 * 60 * 60 * 1000;

export interface StaffUser {
  id: string;
  username: string;
  role: UsersTable['role'];
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

function cookieToken(request: FastifyRequest): string | null {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return null;
}

export async function logIn(db: Kysely<Database>, username: string, password: string, reply: FastifyReply): Promise<StaffUser> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).where('disabled_at', 'is', null).executeTakeFirst();
  // hash even for unknown users so the answer time does not reveal which usernames exist
  const ok = await verifyPassword(password, user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  if (!user || !ok) throw new HttpError(401, 'bad_login', 'wrong username or password', { message_zh: '用户名或密码错误。' });
  const token = randomBytes(32).toString('base64url');
  await db.insertInto('sessions').values({ token_sha256: tokenHash(token), user_id: user.id, expires_at: Date.now() + SESSION_MS }).execute();
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MS / 1000}${process.env.COOKIE_SECURE === '1' ? '; Secure' : ''}`);
  return { id: user.id, username: user.username, role: user.role };
}

export async function logOut(db: Kysely<Database>, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = cookieToken(request);
  if (token) await db.deleteFrom('sessions').where('token_sha256', '=', tokenHash(token)).execute();
  reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
}

/** The logged-in user with one of the roles, else 401/403. */
export async function requireStaff(db: Kysely<Database>, request: FastifyRequest, roles: readonly StaffUser['role'][]): Promise<StaffUser> {
  const token = cookieToken(request);
  const row = token
    ? await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.username', 'users.role', 'users.disabled_at', 'sessions.expires_at'])
      .where('sessions.token_sha256', '=', tokenHash(token)).executeTakeFirst()
    : undefined;
  if (!row || row.expires_at < Date.now() || row.disabled_at !== null) throw new HttpError(401, 'login_required', 'log in first');
  if (!roles.includes(row.role)) throw new HttpError(403, 'forbidden', `this needs the ${roles.join(' or ')} role`);
  return { id: row.id, username: row.username, role: row.role };
}
