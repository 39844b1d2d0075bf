/**
 * Setup child process (forked by `run.ts` with IPC, before the server starts): builds the
 * server's own context on the temp data folder (`buildContext`: schema and data migrations,
 * vault and master key file — what a first `enclave serve` does), creates the benchmark's users,
 * API tokens, channels and memberships through the server's service functions, and bulk-seeds
 * the history channel (`seed-history.ts`), as if those messages had been posted after that
 * first start (so the server's one-time `tokenize-existing-messages` data migration is already
 * recorded and does not re-scan them). Receives one
 * {@link SetupRequest}, answers one {@link SetupResult} (or `{ error }`), then exits.
 */
import { loadConfig } from '../../server/src/config/index.ts';
import { buildContext } from '../../server/src/context.ts';
import type { OpenDatabase } from '../../server/src/db/database.ts';
import { createApiToken } from '../../server/src/services/auth/api-tokens.ts';
import { addMember, createChannel } from '../../server/src/services/chat/channels.ts';
import { createUser } from '../../server/src/services/users/users.ts';
import type { BenchUser, SetupRequest, SetupResult } from './protocol.ts';
import { seedHistory } from './seed-history.ts';

type Row = BenchUser & { role: string; name: string };

let userCounter = 0;

/** Creates `n` agents (no password) with 30-day tokens, in transactions of 250. */
async function makeUsers(database: OpenDatabase, n: number, prefix: string): Promise<Row[]> {
  const out: Row[] = [];
  while (out.length < n) {
    const batch = Math.min(250, n - out.length);
    const made = await database.db.transaction().execute(async (trx) => {
      const rows: Row[] = [];
      for (let i = 0; i < batch; i++) {
        userCounter++;
        const name = `${prefix} ${userCounter}`;
        const u = await createUser(trx, { email: `bench-${prefix}-${userCounter}@example.com`, name, role: 'agent', passwordHash: null, actor: 'bench' });
        const t = await createApiToken(trx, { userId: u.id, name: 'bench', expiresInDays: 30, actor: 'bench' });
        rows.push({ id: u.id, token: t.token, role: u.role, name: u.name });
      }
      return rows;
    });
    out.push(...made);
  }
  return out;
}

/** Creates a private channel owned by `owner` and adds `members` via the member service. */
async function makeChannel(database: OpenDatabase, name: string, owner: Row, members: Row[]): Promise<string> {
  return database.db.transaction().execute(async (trx) => {
    const uow = { db: trx, events: [] };
    const ch = await createChannel(uow, owner, { name, visibility: 'private' });
    for (const m of members) if (m.id !== owner.id) await addMember(uow, owner, ch.id, m.id);
    return ch.id;
  });
}

const strip = (r: Row): BenchUser => ({ id: r.id, token: r.token });

async function setup(req: SetupRequest): Promise<SetupResult> {
  const ctx = await buildContext(loadConfig({ ...process.env, ENCLAVE_DATA_DIR: req.dataDir, LOG_LEVEL: 'warn' }));
  const database = ctx.database;
  try {
    const result: SetupResult = { fanout: null, history: null, sustained: null };
    if (req.parts.fanout) {
      const users = await makeUsers(database, req.fanoutClients + 1, 'fan');
      const sender = users[0] as Row;
      const channelId = await makeChannel(database, 'bench-fanout', sender, users);
      result.fanout = { channelId, sender: strip(sender), users: users.slice(1).map(strip) };
    }
    if (req.parts.sustained) {
      const users = await makeUsers(database, req.sustainedChannels * req.sustainedMembers, 'sus');
      const channels: Array<{ id: string; members: BenchUser[] }> = [];
      for (let c = 0; c < req.sustainedChannels; c++) {
        const members = users.slice(c * req.sustainedMembers, (c + 1) * req.sustainedMembers);
        const id = await makeChannel(database, `bench-sustained-${c}`, members[0] as Row, members);
        channels.push({ id, members: members.map(strip) });
      }
      result.sustained = { channels };
    }
    if (req.parts.history) {
      // Five authors (the first is the reader) and one member who never read (all unread).
      const users = await makeUsers(database, 6, 'hist');
      const reader = users[0] as Row;
      const channelId = await makeChannel(database, 'bench-history', reader, users);
      const authorIds = users.slice(0, 5).map((u) => u.id);
      const seeded = seedHistory(database.sqlite, { channelId, authorIds, count: req.historyMessages, cursorSample: req.cursorSample });
      result.history = { channelId, reader: strip(reader), unreadMember: strip(users[5] as Row), ...seeded };
    }
    return result;
  } finally {
    await ctx.close();
  }
}

process.once('message', (msg: SetupRequest) => {
  setup(msg).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(1));
