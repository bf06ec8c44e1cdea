// Creates the first admin (or any staff account) from the command line:
//   node server/src/tools/createAdmin.ts <username> [reviewer|admin]   (password from ADMIN_PASSWORD or stdin)
import { createInterface } from 'node:readline/promises';
import { openContext } from '../service.ts';
import { closeDatabase } from '../db/database.ts';
import { createStaffUser } from '../auth/staffAccounts.ts';
import { HttpError } from '../http/httpError.ts';

const [username, role = 'admin'] = process.argv.slice(2);
if (!username || (role !== 'admin' && role !== 'reviewer')) {
  console.error('usage: node server/src/tools/createAdmin.ts <username> [admin|reviewer]  (password from ADMIN_PASSWORD or typed)');
  process.exit(2);
}
let password = process.env.ADMIN_PASSWORD;
if (!password) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  password = await rl.question('password (at least 10 characters): ');
  rl.close();
}
const ctx = await openContext(process.env);
try {
  await createStaffUser(ctx.db, { username, password, role }, 'cli');
  console.log(`created ${role} ${username} (${ctx.dialect})`);
} catch (error) {
  console.error(error instanceof HttpError ? `not created: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await closeDatabase(ctx);
}
