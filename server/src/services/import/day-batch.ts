/**
 * The rows of one imported day file, written together at its end (a few multi-row statements per
 * day instead of several statements per message). Values a sealed message tokenizes are collected
 * as pending entities and tokenized with one `Vault.tokenizeMany` per scope when the batch is
 * written (one data-key lookup per scope and day, not one per value); message entities, token
 * carriers and `vault_token_channels` rows are filled in from the resulting tokens.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { MessageTokensTable } from '../../db/schema/access.ts';
import type { MessagesTable } from '../../db/schema/chat.ts';
import type { Database } from '../../db/schema/index.ts';
import type { ImportItemsTable } from '../../db/schema/imports.ts';
import type { MessageReactionsTable } from '../../db/schema/reactions.ts';
import { dialectOf } from '../../db/dialect.ts';
import { addToIndex } from '../chat/search.ts';
import type { MessageEntity } from '../chat/guard.ts';
import type { Vault } from '../vault/index.ts';

/** A value of a sealed message waiting for its token (`entity.token` is filled in at flush). */
export interface PendingValue {
  scope: string;
  entityType: string;
  value: string;
  entity: MessageEntity;
}

/** Rows of one day file. */
export interface DayBatch {
  /**
   * Next message `pk`. SQLite: the real key (the transaction holds the write lock: `BEGIN
   * IMMEDIATE`). PostgreSQL: a placeholder, replaced in {@link flushBatch} by keys drawn from the
   * identity sequence (other writers keep inserting concurrently, so keys are never guessed there).
   */
  nextPk: number;
  /** New messages; `entities` is written from {@link entityLists} at flush. */
  messages: Array<Insertable<MessagesTable>>;
  /** Per message (same index): its entities, and whether it is sealed (no reveal through its carriers). */
  entityLists: Array<{ entities: MessageEntity[]; sealed: boolean }>;
  items: Array<Insertable<ImportItemsTable>>;
  mentions: Array<{ message_id: string; channel_id: string; user_id: string }>;
  /** Reactions of the new messages (`message_reactions`, migration 019). */
  reactions: Array<Insertable<MessageReactionsTable>>;
  /** Values of sealed messages to tokenize at flush. */
  pending: PendingValue[];
  /** Slack ts → message id of this day's messages (thread roots not yet in `import_items`). */
  ids: Map<string, string>;
}

const empty = (nextPk: number): DayBatch => ({ nextPk, messages: [], entityLists: [], items: [], mentions: [], reactions: [], pending: [], ids: new Map() });

/**
 * Starts a batch. SQLite: the next free `pk` of `messages` (AUTOINCREMENT: above any ever used).
 * PostgreSQL: placeholders from 1 (see {@link DayBatch.nextPk}).
 */
export async function startBatch(trx: Kysely<Database>): Promise<DayBatch> {
  if (dialectOf(trx) === 'postgres') return empty(1);
  const r = await sql<{ next: number }>`SELECT max(coalesce((SELECT max(pk) FROM messages), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0)) + 1 AS next`.execute(trx);
  return empty(Number(r.rows[0]?.next ?? 1));
}

/**
 * PostgreSQL: replaces the batch's placeholder `pk`s by keys drawn from the `messages` identity
 * sequence, ascending in batch order (so the search index's pk order stays time order).
 */
async function drawPostgresPks(trx: Kysely<Database>, b: DayBatch): Promise<void> {
  if (b.messages.length === 0) return;
  const r = await sql<{ pk: string | number }>`SELECT nextval(pg_get_serial_sequence('messages', 'pk')) AS pk FROM generate_series(1, ${b.messages.length})`.execute(trx);
  const pks = r.rows.map((x) => Number(x.pk)).sort((x, y) => x - y);
  b.messages.forEach((m, i) => {
    m.pk = pks[i];
  });
}

/** Tokenizes the pending values (one `tokenizeMany` per scope) and records where each token is shared. */
async function tokenizePending(trx: Kysely<Database>, vault: Vault, b: DayBatch): Promise<void> {
  if (b.pending.length === 0) return;
  const byScope = new Map<string, PendingValue[]>();
  for (const p of b.pending) {
    const list = byScope.get(p.scope);
    if (list) list.push(p);
    else byScope.set(p.scope, [p]);
  }
  for (const [scope, list] of byScope) {
    const tokens = await vault.tokenizeMany(trx, scope, list.map((p) => ({ entityType: p.entityType, value: p.value })));
    list.forEach((p, i) => {
      p.entity.token = tokens[i] as string;
    });
  }
}

/** Writes a batch: sealed values to the vault, messages, search entries, mentions, reactions, token carriers, import records. */
export async function flushBatch(trx: Kysely<Database>, vault: Vault, b: DayBatch): Promise<void> {
  await tokenizePending(trx, vault, b);
  const pg = dialectOf(trx) === 'postgres';
  if (pg) await drawPostgresPks(trx, b);
  const now = new Date().toISOString();
  const carriers: Array<Insertable<MessageTokensTable>> = [];
  const sealed: Array<{ message_id: string; token: string }> = [];
  const shared = new Map<string, { token: string; channel_id: string; message_id: null; created_at: string }>();
  b.messages.forEach((m, i) => {
    const e = b.entityLists[i] ?? { entities: [], sealed: false };
    m.entities = JSON.stringify(e.entities);
    for (const token of new Set(e.entities.map((x) => x.token))) {
      carriers.push({ message_id: m.id, token, channel_id: m.channel_id, created_at: now });
      if (e.sealed) {
        sealed.push({ message_id: m.id, token });
        shared.set(`${token}\0${m.channel_id}`, { token, channel_id: m.channel_id, message_id: null, created_at: now });
      }
    }
  });
  for (let i = 0; i < b.messages.length; i += 200) await trx.insertInto('messages').values(b.messages.slice(i, i + 200)).execute();
  const fts = b.messages.filter((m) => m.text.length > 0);
  if (pg) {
    for (const m of fts) await addToIndex(trx, Number(m.pk), m.text);
  } else {
    for (let i = 0; i < fts.length; i += 400) {
      const chunk = fts.slice(i, i + 400);
      await sql`INSERT INTO messages_fts (rowid, text) VALUES ${sql.join(chunk.map((m) => sql`(${m.pk}, ${m.text})`))}`.execute(trx);
    }
  }
  const rows = [...shared.values()];
  for (let i = 0; i < rows.length; i += 300) await trx.insertInto('vault_token_channels').values(rows.slice(i, i + 300)).onConflict((oc) => oc.columns(['token', 'channel_id']).doNothing()).execute();
  for (let i = 0; i < b.mentions.length; i += 300) await trx.insertInto('message_mentions').values(b.mentions.slice(i, i + 300)).execute();
  for (let i = 0; i < b.reactions.length; i += 300) await trx.insertInto('message_reactions').values(b.reactions.slice(i, i + 300)).onConflict((oc) => oc.doNothing()).execute();
  for (let i = 0; i < carriers.length; i += 300) await trx.insertInto('message_tokens').values(carriers.slice(i, i + 300)).execute();
  for (let i = 0; i < sealed.length; i += 400) await trx.insertInto('sealed_carriers').values(sealed.slice(i, i + 400)).execute();
  for (let i = 0; i < b.items.length; i += 300) await trx.insertInto('import_items').values(b.items.slice(i, i + 300)).execute();
}
