/**
 * Data migrations that need the vault, run by `buildContext` after the schema migrations and
 * recorded in `data_migrations` (each runs at most once; a crash midway leaves it unrecorded and
 * it resumes: only never-protected rows, `entities = '[]'`, are touched).
 *
 * `tokenize-existing-messages` (issue 4): messages and edit-history versions stored before
 * protection existed are analyzed and every finding is moved to the vault under the channel
 * scope, with the team policy (`allow` keeps a value; `tokenize` and `block` both tokenize:
 * stored text cannot be refused any more). Stream-event payloads of changed messages are
 * rewritten, the full-text index is rebuilt from tokenized text only (FTS5 `delete-all`, then
 * re-insert, then `optimize`), and the WAL is checkpointed with TRUNCATE so no old page image
 * with a raw value stays in `-wal` (`secure_delete=ON` zeroes freed cells and pages in the file).
 */
import { sql, type Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { OpenDatabase } from '../../db/database.ts';
import type { Database } from '../../db/schema/index.ts';
import { presentMessage } from '../../presenters/message.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { MessageEntity } from '../chat/guard.ts';
import { loadPolicies, placeholderFor, type PolicyTable } from './index.ts';
import type { Vault } from '../vault/index.ts';
import { channelMemberHandles, mentionSpans, withoutMentions } from './mention-exemption.ts';
import { syncMessageTokens } from './message-tokens.ts';
import { rebuildSearchIndex } from '../chat/search.ts';

export const TOKENIZE_EXISTING = 'tokenize-existing-messages';
const BATCH = 200;

/** What the migration needs. */
export interface DataMigrationDeps {
  vault: Vault;
  analyze: (text: string) => Finding[];
}

/** Counts reported by the migration (also stored in `data_migrations.details`). */
export interface TokenizeExistingResult {
  messages: number;
  versions: number;
  entities: number;
}

/** Runs every pending data migration. Returns the names applied now. */
export async function runDataMigrations(database: OpenDatabase, deps: DataMigrationDeps): Promise<string[]> {
  const done = await sql<{ name: string }>`SELECT name FROM data_migrations`.execute(database.db);
  if (done.rows.some((r) => r.name === TOKENIZE_EXISTING)) return [];
  await tokenizeExistingMessages(database, deps);
  return [TOKENIZE_EXISTING];
}

/** Tokenizes `text` stored in `channelId`; `undefined` when nothing changes. */
async function tokenizeStored(
  db: Kysely<Database>,
  deps: DataMigrationDeps,
  policy: PolicyTable,
  members: Array<{ name: string; email: string }>,
  channelId: string,
  messageId: string,
  text: string,
): Promise<{ text: string; entities: MessageEntity[] } | undefined> {
  const found = withoutMentions(deps.analyze(text), mentionSpans(text, members))
    .filter((f) => policy('team', f.entityType) !== 'allow')
    .sort((a, b) => a.start - b.start);
  if (found.length === 0) return undefined;
  let out = '';
  let at = 0;
  const entities: MessageEntity[] = [];
  for (const f of found) {
    if (f.start < at) continue; // overlapping: the earlier span already covers it
    const scope = f.entityType === 'KNOWN_SUBJECT' && f.subjectId ? `subject:${f.subjectId}` : `channel:${channelId}`;
    const { token } = await deps.vault.tokenize(db, { scope, entityType: f.entityType, value: text.slice(f.start, f.end) });
    await db
      .insertInto('vault_token_channels')
      .values({ token, channel_id: channelId, message_id: messageId, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['token', 'channel_id']).doNothing())
      .execute();
    out += text.slice(at, f.start);
    const placeholder = placeholderFor(f.entityType);
    entities.push({ entityType: f.entityType, start: out.length, end: out.length + placeholder.length, token });
    out += placeholder;
    at = f.end;
  }
  return { text: out + text.slice(at), entities };
}

/** See the module comment. Idempotent; returns the counts. */
export async function tokenizeExistingMessages(database: OpenDatabase, deps: DataMigrationDeps): Promise<TokenizeExistingResult> {
  const db = database.db;
  const result: TokenizeExistingResult = { messages: 0, versions: 0, entities: 0 };
  const membersOf = new Map<string, Array<{ name: string; email: string }>>();
  const members = async (trx: Kysely<Database>, channelId: string) => {
    let m = membersOf.get(channelId);
    if (!m) membersOf.set(channelId, (m = await channelMemberHandles(trx, channelId)));
    return m;
  };
  let afterPk = 0;
  for (;;) {
    const more = await db.transaction().execute(async (trx) => {
      const policy = await loadPolicies(trx);
      const rows = await trx.selectFrom('messages').selectAll().where('pk', '>', afterPk).orderBy('pk').limit(BATCH).execute();
      for (const row of rows) {
        afterPk = row.pk;
        if (row.deleted_at !== null) continue;
        let changed = false;
        if (row.entities === '[]' && row.text.length > 0) {
          const p = await tokenizeStored(trx, deps, policy, await members(trx, row.channel_id), row.channel_id, row.id, row.text);
          if (p) {
            await trx.updateTable('messages').set({ text: p.text, entities: JSON.stringify(p.entities) }).where('pk', '=', row.pk).execute();
            await syncMessageTokens(trx, { ...row, entities: JSON.stringify(p.entities) }, row.created_at);
            result.messages += 1;
            result.entities += p.entities.length;
            changed = true;
          }
        }
        const versions = await trx.selectFrom('message_versions').select(['id', 'text']).where('message_id', '=', row.id).where('entities', '=', '[]').execute();
        for (const v of versions) {
          const p = await tokenizeStored(trx, deps, policy, await members(trx, row.channel_id), row.channel_id, row.id, v.text);
          if (!p) continue;
          await trx.updateTable('message_versions').set({ text: p.text, entities: JSON.stringify(p.entities) }).where('id', '=', v.id).execute();
          result.versions += 1;
          result.entities += p.entities.length;
        }
        if (changed) {
          const message = presentMessage(await trx.selectFrom('messages').selectAll().where('pk', '=', row.pk).executeTakeFirstOrThrow());
          const events = await trx.selectFrom('events').select(['seq', 'type']).where('message_id', '=', row.id).execute();
          for (const e of events) {
            await trx.updateTable('events').set({ payload: JSON.stringify({ type: e.type, channelId: message.channelId, message }) }).where('seq', '=', e.seq).execute();
          }
        }
      }
      return rows.length === BATCH;
    });
    if (!more) break;
  }
  await db.transaction().execute(async (trx) => {
    // Several nodes may start at once on one database: the first to get here records the run.
    const recorded = await sql<{ name: string }>`SELECT name FROM data_migrations WHERE name = ${TOKENIZE_EXISTING}`.execute(trx);
    if (recorded.rows.length > 0) return;
    await rebuildSearchIndex(trx);
    if (result.messages + result.versions > 0) {
      await appendAuditEvent(trx, { actor: 'system', action: 'migration.tokenize_existing', target: 'messages', outcome: 'success', details: { ...result } });
    }
    await sql`INSERT INTO data_migrations (name, applied_at, details) VALUES (${TOKENIZE_EXISTING}, ${new Date().toISOString()}, ${JSON.stringify(result)})`.execute(trx);
  });
  checkpointWal(database);
  return result;
}

/**
 * Maintenance after the migration: on SQLite `PRAGMA wal_checkpoint(TRUNCATE)`, which copies the
 * WAL into the database file and truncates it to zero bytes, so superseded page images (which may
 * hold deleted text) do not linger in `-wal` (https://sqlite.org/pragma.html#pragma_wal_checkpoint);
 * nothing on PostgreSQL. Throws the driver's error.
 */
export function checkpointWal(database: Pick<OpenDatabase, 'checkpoint'>): void {
  database.checkpoint();
}
