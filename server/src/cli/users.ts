/**
 * `enclave users add --email E --name N --role R [--password-stdin] [--init]`: creates an account
 * directly in the database (works while the server runs: SQLite WAL, `BEGIN IMMEDIATE` and the
 * busy timeout, so concurrent runs queue), with a 90-day API token. Prints one JSON object
 * `{ "id", "email", "role", "apiToken" }` on stdout and the database it used on stderr.
 * A name with personal data in it (an e-mail address, a phone number…) is refused (exit 2), as by
 * `POST /users`. Refuses (exit 2) a data folder without a database unless `--init` is given. Exit 2 also on
 * usage errors, an existing e-mail, an unknown role or a short or weak password (message on stderr).
 * `--role admin` is also the way to add an admin to a database that has accounts but no admin
 * (the setup link exists only while there is no account at all). `--role privacy_officer`
 * while the workspace already has an active privacy officer creates an `agent` account with a
 * pending role request (adds `"pendingRole"`, `"roleRequestId"`) that another privacy officer
 * approves; the very first privacy officer of a workspace is created directly.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.ts';
import { AppError } from '../errors.ts';
import { createApiToken } from '../services/auth/api-tokens.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../services/auth/passwords.ts';
import { passwordProblem } from '../services/auth/password-policy.ts';
import { createUser } from '../services/users/users.ts';
import { assertProfileTextClean } from '../services/profiles/guard.ts';
import { openCliDatabase } from './open-database.ts';
import { activeHolders, needsApproval, PENDING_ROLE_DEFAULT, requestRole } from '../services/users/role-requests.ts';

const USAGE = 'usage: enclave users add --email E --name N --role R [--password-stdin] [--init]\n';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') {
    process.stderr.write(USAGE);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, init: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`enclave users add: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (!values.email || !values.name || !values.role) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    // the same check as POST /users: a name is shown to the whole workspace (red team 4)
    assertProfileTextClean('name', values.name.trim());
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`enclave users add: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let passwordHash: string | null = null;
  if (values['password-stdin']) {
    const password = await readStdin();
    if (password.length < MIN_PASSWORD_LENGTH) {
      process.stderr.write(`enclave users add: password must have at least ${MIN_PASSWORD_LENGTH} characters\n`);
      return 2;
    }
    // the same NIST SP 800-63B checks as the HTTP API (common, repetitive, sequential, own name/e-mail)
    const problem = passwordProblem(password, { email: values.email, name: values.name });
    if (problem) {
      process.stderr.write(`enclave users add: password refused (${problem}): choose a longer passphrase that is not common and not built from the name or e-mail\n`);
      return 2;
    }
    passwordHash = await hashPassword(password);
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`enclave users add: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let database;
  try {
    database = await openCliDatabase(config, { command: 'enclave users add', init: values.init === true });
  } catch (err) {
    process.stderr.write(`enclave users add: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (!database) return 2;
  try {
    const { email, name, role } = values;
    const out = await database.db.transaction().execute(async (trx) => {
      // The first privacy officer of a workspace is created directly; later ones need a second approver.
      const pending = needsApproval(role) && (await activeHolders(trx, role)) > 0;
      const user = await createUser(trx, { email, name, role: pending ? PENDING_ROLE_DEFAULT : role, passwordHash, actor: 'cli' });
      const token = await createApiToken(trx, { userId: user.id, name: 'cli', expiresInDays: 90, actor: 'cli' });
      const request = pending ? await requestRole({ db: trx, events: [] }, { userId: user.id, role, actor: 'cli' }) : undefined;
      return { id: user.id, email: user.email, role: user.role, apiToken: token.token, ...(request ? { pendingRole: request.role, roleRequestId: request.id } : {}) };
    });
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`enclave users add: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`enclave users add: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  } finally {
    await database.close();
  }
}
