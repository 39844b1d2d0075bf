/**
 * `enclave integrations add --name N` → one JSON line `{ "id", "secret" }` (the secret is shown
 * only here); `enclave integrations rotate --id ID [--overlap-minutes M]` → `{ "id", "secret",
 * "previousValidUntil" }`; `enclave integrations disable|enable --id ID`. Works while the server
 * runs (SQLite WAL). Needs the vault master key (as `serve`). Exit 2 on usage or I/O errors.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { createIntegration, rotateIntegrationSecret, setIntegrationEnabled } from '../services/cases/integrations.ts';
import { createVaultFromConfig } from '../services/vault/index.ts';
import { openCliDatabase } from './open-database.ts';

const USAGE = 'usage: enclave integrations add --name N | rotate --id ID [--overlap-minutes M] | enable --id ID | disable --id ID\n';

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let values: { name?: string; id?: string; 'overlap-minutes'?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { name: { type: 'string' }, id: { type: 'string' }, 'overlap-minutes': { type: 'string' } }, strict: true }));
  } catch (err) {
    process.stderr.write(`enclave integrations: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const overlap = values['overlap-minutes'] === undefined ? undefined : Number(values['overlap-minutes']);
  const ok =
    (sub === 'add' && values.name) ||
    (sub === 'rotate' && values.id && (overlap === undefined || (Number.isInteger(overlap) && overlap >= 0))) ||
    ((sub === 'enable' || sub === 'disable') && values.id);
  if (!ok) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const config = loadConfig();
    // never create a database (or a master key) for a mistyped data folder (issue 7 item 15)
    const database = await openCliDatabase(config, { command: `enclave integrations ${sub}` });
    if (!database) return 2;
    try {
      const { vault } = createVaultFromConfig(config);
      const out = await database.db.transaction().execute(async (trx) => {
        if (sub === 'add') return createIntegration(trx, vault.keys, { name: values.name as string, actor: 'cli' });
        if (sub === 'rotate') return rotateIntegrationSecret(trx, vault.keys, { id: values.id as string, actor: 'cli', ...(overlap !== undefined ? { overlapMinutes: overlap } : {}) });
        await setIntegrationEnabled(trx, { id: values.id as string, enabled: sub === 'enable', actor: 'cli' });
        return { id: values.id as string, enabled: sub === 'enable' };
      });
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (err) {
    process.stderr.write(`enclave integrations: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
