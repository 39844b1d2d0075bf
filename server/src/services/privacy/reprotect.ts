/**
 * Re-protecting stored messages after the fact: when a privacy officer revokes a "not personal
 * data" mark (every message the mark let through, since it became active) or redacts one message.
 * Values are tokenized into the vault under the channel scope (the subject scope for known
 * subjects), exactly as the guard would; the message text, its edit history, the search index and
 * the stored stream payloads are rewritten, and a `message.updated` event goes out. Everything runs
 * in the caller's unit of work, together with the audit event.
 */
import { syncMessageTokens } from './message-tokens.ts';
import type { Selectable } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { MessagesTable } from '../../db/schema/chat.ts';
import { messageUpdated, scrubMessageEvents } from '../../events.ts';
import { presentMessage } from '../../presenters/message.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import type { MessageEntity } from '../chat/guard.ts';
import { indexMessageText } from '../chat/search.ts';
import type { Vault } from '../vault/index.ts';
import { markScope, type RevokedMark } from './marks.ts';

/** What re-protection needs: the vault and the analyzer (the runtime's `analyze`). */
export interface ReprotectDeps {
  vault: Vault;
  analyze: (text: string) => Finding[];
}

/** Chooses which findings to tokenize; `value` is the finding's raw text. */
export type FindingPick = (f: Finding, value: string) => Promise<boolean>;

/**
 * Tokenizes the findings of `text` chosen by `pick` that lie outside its existing `entities`;
 * returns the new text and entities (old ones shifted) and how many were added, by type.
 */
export async function protectMore(
  uow: UnitOfWork,
  deps: ReprotectDeps,
  where: { channelId: string; messageId: string },
  text: string,
  entities: readonly MessageEntity[],
  pick: FindingPick,
): Promise<{ text: string; entities: MessageEntity[]; added: number }> {
  const chosen: Finding[] = [];
  for (const f of deps.analyze(text).sort((a, b) => a.start - b.start)) {
    if (entities.some((e) => f.start < e.end && e.start < f.end)) continue;
    if (chosen.length > 0 && f.start < (chosen[chosen.length - 1] as Finding).end) continue;
    if (await pick(f, text.slice(f.start, f.end))) chosen.push(f);
  }
  if (chosen.length === 0) return { text, entities: [...entities], added: 0 };
  const pieces = [...chosen.map((f) => ({ start: f.start, f })), ...entities.map((e) => ({ start: e.start, e }))].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const next: MessageEntity[] = [];
  for (const p of pieces) {
    if ('e' in p) {
      out += text.slice(at, p.e.start);
      next.push({ ...p.e, start: out.length, end: out.length + (p.e.end - p.e.start) });
      out += text.slice(p.e.start, p.e.end);
      at = p.e.end;
      continue;
    }
    const f = p.f;
    const scope = f.entityType === 'KNOWN_SUBJECT' && f.subjectId ? `subject:${f.subjectId}` : markScope(where.channelId);
    const { token } = await deps.vault.tokenize(uow.db, { scope, entityType: f.entityType, value: text.slice(f.start, f.end) });
    await uow.db
      .insertInto('vault_token_channels')
      .values({ token, channel_id: where.channelId, message_id: where.messageId, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['token', 'channel_id']).doNothing())
      .execute();
    out += text.slice(at, f.start);
    const placeholder = `[${f.entityType}]`;
    next.push({ entityType: f.entityType, start: out.length, end: out.length + placeholder.length, token });
    out += placeholder;
    at = f.end;
  }
  out += text.slice(at);
  return { text: out, entities: next, added: chosen.length };
}

/**
 * Re-protects one message and its edit history with `pick`; when anything changed, rewrites the
 * search entry and stored event payloads and emits `message.updated`. Returns the number of values
 * tokenized (message and history together).
 */
export async function reprotectMessage(uow: UnitOfWork, deps: ReprotectDeps, row: Selectable<MessagesTable>, pick: FindingPick): Promise<number> {
  const where = { channelId: row.channel_id, messageId: row.id };
  let added = 0;
  const versions = await uow.db.selectFrom('message_versions').select(['id', 'text', 'entities']).where('message_id', '=', row.id).execute();
  for (const v of versions) {
    const r = await protectMore(uow, deps, where, v.text, JSON.parse(v.entities) as MessageEntity[], pick);
    if (r.added === 0) continue;
    added += r.added;
    await uow.db.updateTable('message_versions').set({ text: r.text, entities: JSON.stringify(r.entities) }).where('id', '=', v.id).execute();
  }
  const cur = await protectMore(uow, deps, where, row.text, JSON.parse(row.entities) as MessageEntity[], pick);
  if (cur.added > 0) {
    added += cur.added;
    await uow.db.updateTable('messages').set({ text: cur.text, entities: JSON.stringify(cur.entities) }).where('id', '=', row.id).execute();
    await indexMessageText(uow.db, row.pk, cur.text);
    // the new tokens are revealable only once a live message is recorded as carrying them
    await syncMessageTokens(uow.db, { ...row, entities: JSON.stringify(cur.entities) });
  }
  if (added > 0) {
    const message = presentMessage(await uow.db.selectFrom('messages').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow());
    await scrubMessageEvents(uow, message);
    await messageUpdated(uow, message);
  }
  return added;
}

/**
 * After `revokeMark`: tokenizes the mark's value in every live message of its channel written or
 * edited since the mark became active (text and history). Returns how many messages changed.
 */
export async function reprotectRevokedMark(uow: UnitOfWork, deps: ReprotectDeps, mark: RevokedMark): Promise<number> {
  if (mark.activeSince === null) return 0;
  const since = mark.activeSince;
  const rows = await uow.db
    .selectFrom('messages')
    .selectAll()
    .where('channel_id', '=', mark.channelId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('created_at', '>=', since), eb('edited_at', '>=', since)]))
    .execute();
  const scope = markScope(mark.channelId);
  const pick: FindingPick = async (f, value) => f.entityType !== 'KNOWN_SUBJECT' && (await deps.vault.markHash(uow.db, scope, value)) === mark.valueHash;
  let changed = 0;
  for (const row of rows) if ((await reprotectMessage(uow, deps, row, pick)) > 0) changed += 1;
  return changed;
}
