/**
 * Bulk accounts for `bench:cluster`: `count` agents, each with one 30-day API token, in `channels`
 * new private channels (agent `i` in channel `i % channels`, the layout of `reliability/load.ts`'s
 * `seed()`, so `LoadRun` can drive them) — in seconds where `reliability/load.ts`'s
 * `seed()` (one `createUser` + `createApiToken` + `addMember` per account, each with its audit
 * append and its `channel.member_added` event) took 8–10 minutes for 1,001 accounts on a loaded
 * machine. The rows are the server's own: ids from `newId()`, tokens from `randomSecret('enc_')`
 * stored as `hashSecret()` (SHA-256), so the nodes authenticate them exactly like tokens made by
 * `bin/enclave`; each channel is made by the `createChannel` service (its owner — its first agent —,
 * event and audit event). Multi-row INSERTs of {@link BATCH} rows, one transaction per batch. What is left
 * out on purpose: one audit event and one event-log row per account and membership (no node runs
 * while this seeds, so no socket misses a subscription; the benchmark never verifies the chain).
 */
import { loadConfig } from '../../server/src/config/index.ts';
import { buildContext } from '../../server/src/context.ts';
import { newId } from '../../server/src/ids.ts';
import { hashSecret, randomSecret } from '../../server/src/services/auth/secrets.ts';
import { createChannel } from '../../server/src/services/chat/channels.ts';
import type { Seeded } from '../../reliability/load.ts';

/** Rows per multi-row INSERT (users: 11 parameters a row, under SQLite's 32,766). */
const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Creates `count` agents (`<prefix>-<i>@example.com`) with API tokens and `channels` private
 * channels `<prefix>-<c>` (agent `i` in channel `i % channels`, owned by agent `c`), with the
 * nodes' environment `env` (same database, master key and migrations). Run it before the nodes
 * start. `onProgress(done)` is called after each batch of accounts. Throws when
 * `channels > count`, and the database's errors (e.g. 409 `name_taken` when `prefix` was used
 * before).
 */
export async function seedAccounts(
  env: Record<string, string>,
  opts: { count: number; channels: number; prefix: string },
  onProgress: (done: number) => void = () => undefined,
): Promise<Seeded> {
  const { count, channels, prefix } = opts;
  if (channels < 1 || channels > count) throw new Error(`seedAccounts: 1 ≤ channels (${channels}) ≤ count (${count})`);
  const ctx = await buildContext(loadConfig({ ...process.env, ...env, LOG_LEVEL: 'warn' }));
  try {
    const db = ctx.database.db;
    const users: Seeded['users'] = [];
    const now = new Date();
    const at = now.toISOString();
    const expires = new Date(now.getTime() + 30 * DAY_MS).toISOString();
    while (users.length < count) {
      const rows = Array.from({ length: Math.min(BATCH, count - users.length) }, (_, k) => ({ id: newId(), token: randomSecret('enc_'), i: users.length + k }));
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values(rows.map((r) => ({ id: r.id, email: `${prefix}-${r.i}@example.com`, name: `Bench Agent ${r.i}`, role: 'agent', password_hash: null, active: 1, failed_logins: 0, locked_until: null, created_at: at, updated_at: at, must_change_password: 0 })))
          .execute();
        await trx
          .insertInto('api_tokens')
          .values(rows.map((r) => ({ id: newId(), user_id: r.id, name: 'bench', token_hash: hashSecret(r.token), created_at: at, expires_at: expires, last_used_at: null, revoked_at: null })))
          .execute();
      });
      users.push(...rows.map((r) => ({ id: r.id, token: r.token })));
      onProgress(users.length);
    }
    const ids: string[] = [];
    for (let c = 0; c < channels; c++) {
      const owner = users[c] as Seeded['users'][number];
      ids.push(
        await db.transaction().execute(async (trx) => {
          const ch = await createChannel({ db: trx, events: [] }, { id: owner.id, role: 'agent', name: `Bench Agent ${c}` }, { name: `${prefix}-${c}`, visibility: 'private' });
          return ch.id;
        }),
      );
    }
    // the owners (agents 0 … channels−1) are members already
    const members = users.slice(channels).map((u, k) => ({ channel_id: ids[(k + channels) % channels] as string, user_id: u.id, joined_at: at, last_read_message_id: null }));
    for (let from = 0; from < members.length; from += BATCH) await db.insertInto('channel_members').values(members.slice(from, from + BATCH)).execute();
    return { users, channels: ids };
  } finally {
    await ctx.close();
  }
}
