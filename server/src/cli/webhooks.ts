/**
 * `enclave webhooks add --channel ID --name N` → one JSON line `{ id, name, channelId, createdAt,
 * enabled, url }` (`url` = `/hooks/<secret>`, shown only here; prefix it with the server's address);
 * `enclave webhooks disable --id ID`. Works while the server runs. Exit 2 on usage or I/O errors.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { createWebhook, disableWebhook } from '../services/webhooks/incoming.ts';
import { openCliDatabase } from './open-database.ts';

const USAGE = 'usage: enclave webhooks add --channel ID --name N | disable --id ID\n';

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let values: { channel?: string; name?: string; id?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { channel: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } }, strict: true }));
  } catch (err) {
    process.stderr.write(`enclave webhooks: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (!((sub === 'add' && values.channel && values.name) || (sub === 'disable' && values.id))) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const database = await openCliDatabase(loadConfig(), { command: `enclave webhooks ${sub}` });
    if (!database) return 2;
    try {
      const out = await database.db.transaction().execute(async (trx) => {
        if (sub === 'add') return createWebhook(trx, { channelId: values.channel as string, name: values.name as string, actor: 'cli' });
        await disableWebhook(trx, { id: values.id as string, actor: 'cli' });
        return { id: values.id, enabled: false };
      });
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (err) {
    process.stderr.write(`enclave webhooks: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
