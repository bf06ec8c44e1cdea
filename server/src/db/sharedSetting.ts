// A value every service node must share (a key, a secret), kept in the settings table: made once by
// whichever node asks first, read back by all.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export async function sharedSetting(db: Kysely<Database>, key: string, create: () => string): Promise<string> {
  const read = async () => (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  const existing = await read();
  if (existing !== undefined) return existing;
  // two nodes starting together: the first insert wins, everyone reads it back
  await db.insertInto('settings').values({ key, value: create() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await read();
  if (stored === undefined) throw new Error(`the shared setting ${key} could not be stored`);
  return stored;
}
