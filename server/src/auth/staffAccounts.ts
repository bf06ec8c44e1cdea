// Creating reviewer and admin accounts (the first admin from the command line, the rest in the admin UI).
import type { Kysely } from 'kysely';
import { ulid } from 'ulid';
import type { Database, UsersTable } from '../db/schema.ts';
import { isUniqueViolation } from '../db/database.ts';
import { HttpError } from '../http/httpError.ts';
import { hashPassword } from './passwords.ts';
import { audit } from '../submissions/submissionLedger.ts';

export async function createStaffUser(db: Kysely<Database>, input: { username: string; password: string; role: UsersTable['role'] }, actor: string): Promise<string> {
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(input.username)) throw new HttpError(400, 'bad_username', 'username: 2–64 letters, digits, dot, dash or underscore');
  if (input.password.length < 10) throw new HttpError(400, 'weak_password', 'password must be at least 10 characters');
  const id = ulid();
  try {
    await db.insertInto('users').values({ id, username: input.username, password_hash: await hashPassword(input.password), role: input.role, created_at: Date.now(), disabled_at: null }).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, 'username_taken', `username ${input.username} already exists`);
    throw error;
  }
  await audit(db, actor, 'user.created', `user:${input.username}`, { role: input.role });
  return id;
}
