/**
 * Setup child (forked by `run.ts` before the server starts): creates `channels × members`
 * agents with 30-day API tokens and one private channel per group through the server's own
 * service functions, in a temp data folder. Answers one `{ ok, channels }` over IPC and exits.
 * (Adapted from `bench/chat/setup.ts`.)
 */
import { migrateToLatest, openSqlite } from '../../server/src/db/database.ts';
import { createApiToken } from '../../server/src/services/auth/api-tokens.ts';
import { addMember, createChannel } from '../../server/src/services/chat/channels.ts';
import { createUser } from '../../server/src/services/users/users.ts';
import type { BenchChannel, SetupRequest } from './protocol.ts';

async function setup(req: SetupRequest): Promise<BenchChannel[]> {
  const database = openSqlite(req.dataDir);
  try {
    await migrateToLatest(database.db);
    const out: BenchChannel[] = [];
    for (let c = 0; c < req.channels; c++) {
      const made = await database.db.transaction().execute(async (trx) => {
        const users: Array<{ id: string; token: string; role: string; name: string }> = [];
        for (let m = 0; m < req.members; m++) {
          const n = c * req.members + m;
          const u = await createUser(trx, { email: `protect-${n}@example.com`, name: `Protect ${n}`, role: 'agent', passwordHash: null, actor: 'bench' });
          const t = await createApiToken(trx, { userId: u.id, name: 'bench', expiresInDays: 30, actor: 'bench' });
          users.push({ id: u.id, token: t.token, role: u.role, name: u.name });
        }
        const owner = users[0] as (typeof users)[number];
        const uow = { db: trx, events: [] };
        const ch = await createChannel(uow, owner, { name: `protect-${c}`, visibility: 'private' });
        for (const u of users.slice(1)) await addMember(uow, owner, ch.id, u.id);
        return { id: ch.id, members: users.map((u) => ({ id: u.id, token: u.token })) };
      });
      out.push(made);
    }
    return out;
  } finally {
    await database.close();
  }
}

process.once('message', (msg: SetupRequest) => {
  setup(msg).then(
    (channels) => process.send?.({ ok: true, channels }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(1));
