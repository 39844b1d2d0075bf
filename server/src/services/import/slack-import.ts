/**
 * Importing a Slack export into the workspace: users and conversations mapped first
 * (`import-setup.ts`), then day files in transactions of about 5,000 messages. Every message passes
 * the privacy guard of its new channel (staff-aware, with the export's users exempt as
 * colleagues); a message the channel would block — every finding in a broad channel, or a type its
 * class blocks — is stored tokenized all the same and "sealed": its carriers (`sealed_carriers`)
 * give no reveal. Original timestamps, thread replies and edit times are kept; reactions go into
 * the chat's `message_reactions` (Slack names mapped to emoji; custom emoji only in the import
 * record), file references to the import record (`import_items`). Resumable: a day file commits
 * with its `import_items` rows (never split over two transactions), and re-running skips every
 * (export, channel, day file, ts) already recorded.
 */
import { basename } from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import { analyzeAsShown, type Finding } from '@enclave/pii';
import type { MessageReactionsTable } from '../../db/schema/reactions.ts';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { idFactoryAt, newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { MessageEntity, MessageGuard } from '../chat/guard.ts';
import { MAX_MESSAGE_LENGTH } from '../chat/messages.ts';
import { resolveMentions } from '../chat/mentions.ts';
import { MAX_EMOJI_PER_MESSAGE, MAX_REACTIONS_PER_MESSAGE, isReactionEmoji } from '../chat/reactions.ts';
import { placeholderFor } from '../privacy/guard.ts';
import type { PrivacyRuntime } from '../privacy/runtime.ts';
import { StaffAwareGuard } from '../privacy/staff-aware-guard.ts';
import { StaffNameIndex, staffNamesOf, withoutStaffNames, type StaffNames } from '../privacy/staff-names.ts';
import { setUpImport, userFor, type ImportMapping } from './import-setup.ts';
import { eachDay, exportStaff, messageKind, messageText, type DayResult, type ProgressFn } from './scan-export.ts';
import { dayFilesOf, readDirectory, reportableSubtype, tsMillis, type SlackDirectory, type SlackMessage } from './slack-export.ts';
import { flushBatch, startBatch, type DayBatch } from './day-batch.ts';
import { FindingsCache } from './findings-cache.ts';
import { emojiForSlackName } from './slack-emoji.ts';
import type { ExportSource } from './slack-source.ts';

/** What an import needs of the application. */
export interface ImportDeps {
  db: Kysely<Database>;
  privacy: Pick<PrivacyRuntime, 'privacyGuard' | 'staffNames' | 'analyze' | 'vault' | 'channelClassOf' | 'knownSubjects'>;
}

/** Counts of one run (no values). */
export interface ImportSummary {
  runId: string;
  exportId: string;
  channels: number;
  channelsCreated: number;
  usersMapped: number;
  usersCreated: number;
  imported: number;
  /** Messages already imported by an earlier run (skipped). */
  alreadyImported: number;
  /** System events and empty messages (recorded, not imported). */
  skipped: number;
  /** Messages with at least one tokenized value; `sealed`: of those, stored with no reveal. */
  tokenizedMessages: number;
  sealedMessages: number;
  threadReplies: number;
  reactions: number;
  /** Reactions with no Unicode emoji (custom workspace emoji): kept in the import record only. */
  reactionsNotMapped: number;
  fileReferences: number;
  malformedDayFiles: string[];
  unknownSubtypes: Record<string, number>;
}

/** The live staff index with the export's users added as colleagues. */
class ExportStaffNames extends StaffNameIndex {
  #cache: { base: StaffNames; merged: StaffNames } | undefined;
  constructor(
    private readonly base: StaffNameIndex,
    private readonly people: ReadonlyArray<{ name: string; email: string }>,
  ) {
    super();
  }
  override async current(db: Kysely<Database>): Promise<StaffNames> {
    const base = await this.base.current(db);
    if (this.#cache?.base !== base) this.#cache = { base, merged: staffNamesOf([...base.people, ...this.people]) };
    return this.#cache.merged;
  }
}

function mergeOverlaps(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) out[out.length - 1] = { ...last, end: Math.max(last.end, f.end) };
    else out.push(f);
  }
  return out;
}

/** A per-day file importer (one transaction). */
class DayImporter {
  /** One monotonic id factory per channel: ids sort by original time within a channel. */
  readonly #ids = new Map<string, (seedTime: number) => string>();
  /** Channel + author pairs known to be members (bounded by authors × channels). */
  readonly #members = new Set<string>();
  constructor(
    readonly deps: ImportDeps,
    readonly guard: MessageGuard,
    readonly staff: ExportStaffNames,
    readonly isKnownValue: (v: string) => boolean,
    readonly summary: ImportSummary,
  ) {}

  /** Analyzer results of this run, by text (bounded). */
  readonly #findings = new FindingsCache();

  /**
   * Tokenizes every finding, whatever the policy: for text the channel would block. The values go
   * to `batch.pending` (tokenized when the day's batch is written); the entities' tokens are filled
   * in then.
   */
  async sealed(trx: Kysely<Database>, channelId: string, text: string, broad: boolean, batch: DayBatch): Promise<{ text: string; entities: MessageEntity[] }> {
    const staff = await this.staff.current(trx);
    // as the live guard: what readers see (formatting marks gone) is analyzed too
    const analyzed = this.#findings.get(text, (t) => analyzeAsShown(t, (v) => this.deps.privacy.analyze(v)), this.deps.privacy.knownSubjects);
    const found = withoutStaffNames(analyzed, text, staff, this.isKnownValue)
      .filter((f) => !(broad && f.entityType === 'LOCATION' && f.tiedToPerson === false))
      .sort((a, b) => a.start - b.start);
    let out = '';
    let at = 0;
    const entities: MessageEntity[] = [];
    for (const f of mergeOverlaps(found)) {
      const scope = f.entityType === 'KNOWN_SUBJECT' && f.subjectId ? `subject:${f.subjectId}` : `channel:${channelId}`;
      out += text.slice(at, f.start);
      const p = placeholderFor(f.entityType);
      const entity: MessageEntity = { entityType: f.entityType, start: out.length, end: out.length + p.length, token: '' };
      batch.pending.push({ scope, entityType: f.entityType, value: text.slice(f.start, f.end), entity });
      entities.push(entity);
      out += p;
      at = f.end;
    }
    return { text: out + text.slice(at), entities };
  }

  async protect(trx: Kysely<Database>, channelId: string, authorId: string, text: string, broad: boolean, batch: DayBatch): Promise<{ text: string; entities: MessageEntity[]; sealed: boolean }> {
    if (broad) return { ...(await this.sealed(trx, channelId, text, true, batch)), sealed: true };
    try {
      return { ...(await this.guard.protect(trx, { channelId, authorId, text })), sealed: false };
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'personal_data_blocked') throw err;
      return { ...(await this.sealed(trx, channelId, text, false, batch)), sealed: true };
    }
  }

  /** Imports one message (not yet recorded). Returns the counts by type of what was sealed. */
  async message(trx: Kysely<Database>, a: { exportId: string; actor: string; map: ImportMapping; dir: SlackDirectory; slackChannel: string; channelId: string; day: string; m: SlackMessage; broad: boolean; sealedCounts: Map<string, number>; batch: DayBatch }): Promise<void> {
    const { m } = a;
    const record = (status: string, messageId: string | null, extra: { reactions?: string; files?: string } = {}): void => {
      a.batch.items.push({ export_id: a.exportId, slack_channel_id: a.slackChannel, day_file: a.day, ts: m.ts, message_id: messageId, status, reactions: extra.reactions ?? null, files: extra.files ?? null });
    };
    const kind = messageKind(m);
    if (kind === 'unknown') this.summary.unknownSubtypes[reportableSubtype(m.subtype ?? '')] = (this.summary.unknownSubtypes[reportableSubtype(m.subtype ?? '')] ?? 0) + 1;
    let text = kind === 'system' ? '' : messageText(m, a.dir);
    if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
    if (!text.trim()) {
      this.summary.skipped++;
      record('skipped', null);
      return;
    }
    const authorId = await userFor(trx, a.exportId, a.actor, a.map, m.user ?? 'bot:unknown');
    const memberKey = `${a.channelId}\0${authorId}`;
    if (!this.#members.has(memberKey)) {
      await trx.insertInto('channel_members').values({ channel_id: a.channelId, user_id: authorId, joined_at: new Date().toISOString(), last_read_message_id: null }).onConflict((oc) => oc.doNothing()).execute();
      this.#members.add(memberKey);
    }
    const p = await this.protect(trx, a.channelId, authorId, text, a.broad, a.batch);
    if (p.entities.length > 0) {
      this.summary.tokenizedMessages++;
      if (p.sealed) {
        this.summary.sealedMessages++;
        for (const e of p.entities) a.sealedCounts.set(e.entityType, (a.sealedCounts.get(e.entityType) ?? 0) + 1);
      }
    }
    const at = new Date(tsMillis(m.ts));
    const createdAt = at.toISOString();
    let rootId: string | null = null;
    if (m.threadTs) {
      const root = a.batch.ids.has(m.threadTs) ? { message_id: a.batch.ids.get(m.threadTs) ?? null } : await trx.selectFrom('import_items').select('message_id').where('export_id', '=', a.exportId).where('slack_channel_id', '=', a.slackChannel).where('ts', '=', m.threadTs).executeTakeFirst();
      rootId = root?.message_id ?? null;
    }
    let ids = this.#ids.get(a.channelId);
    if (!ids) this.#ids.set(a.channelId, (ids = idFactoryAt()));
    const id = ids(at.getTime());
    const mentions = await resolveMentions(trx, a.channelId, p.text);
    const row = {
      id,
      channel_id: a.channelId,
      author_id: authorId,
      text: p.text,
      entities: '[]', // written at flush, once sealed values have their tokens
      mentions: JSON.stringify(mentions),
      thread_root_id: rootId,
      client_msg_id: null,
      reply_count: 0,
      last_reply_at: null,
      created_at: createdAt,
      edited_at: m.editedTs ? new Date(tsMillis(m.editedTs)).toISOString() : null,
      deleted_at: null,
    };
    const pk = a.batch.nextPk++;
    a.batch.messages.push({ ...row, pk });
    a.batch.ids.set(m.ts, id);
    for (const user_id of mentions) if (user_id !== authorId) a.batch.mentions.push({ message_id: id, channel_id: a.channelId, user_id });
    // carriers (`message_tokens`, as syncMessageTokens would write them; sealed ones marked) are written with the batch
    a.batch.entityLists.push({ entities: p.entities, sealed: p.sealed });
    if (rootId) {
      this.summary.threadReplies++;
      const inBatch = a.batch.messages.find((x) => x.id === rootId);
      if (inBatch) {
        inBatch.reply_count = (inBatch.reply_count ?? 0) + 1;
        inBatch.last_reply_at = createdAt;
      } else await trx.updateTable('messages').set((eb) => ({ reply_count: eb('reply_count', '+', 1), last_reply_at: createdAt })).where('id', '=', rootId).execute();
    }
    const reactions: Array<{ name: string; userIds: string[] }> = [];
    const rows = new Map<string, Insertable<MessageReactionsTable>>();
    const emojis = new Set<string>();
    for (const r of m.reactions) {
      const userIds: string[] = [];
      for (const u of r.users) userIds.push(await userFor(trx, a.exportId, a.actor, a.map, u));
      reactions.push({ name: r.name, userIds });
      this.summary.reactions += Math.max(r.count, userIds.length);
      // into the chat's reactions, within its caps; custom emoji (no Unicode form) stay in the record only
      const emoji = emojiForSlackName(r.name);
      if (!emoji || !isReactionEmoji(emoji)) {
        this.summary.reactionsNotMapped += userIds.length;
        continue;
      }
      for (const user_id of userIds) {
        if (rows.size >= MAX_REACTIONS_PER_MESSAGE || (!emojis.has(emoji) && emojis.size >= MAX_EMOJI_PER_MESSAGE)) break;
        emojis.add(emoji);
        rows.set(`${emoji}\0${user_id}`, { message_id: id, user_id, emoji, created_at: createdAt });
      }
    }
    a.batch.reactions.push(...rows.values());
    this.summary.fileReferences += m.files.length;
    this.summary.imported++;
    record('imported', id, {
      ...(reactions.length > 0 ? { reactions: JSON.stringify(reactions) } : {}),
      ...(m.files.length > 0 ? { files: JSON.stringify(m.files.map((f) => ({ id: f.id, mimetype: f.mimetype, size: f.size }))) } : {}),
    });
  }
}

/** Options of {@link importExport}. */
export interface ImportOptions {
  /** Audit actor: a user id, or `cli`. */
  actor: string;
  /** Account that owns created channels. */
  createdBy: string;
  onProgress?: ProgressFn;
  /** Source name for the run record (file name only). */
  sourceName?: string;
  /** Messages per transaction, rounded up to whole day files (default {@link DEFAULT_TRANSACTION_MESSAGES}; 1: one day file each). */
  transactionMessages?: number;
}

/** Default messages per import transaction (bounded memory: one group of day files' rows at a time). */
export const DEFAULT_TRANSACTION_MESSAGES = 5_000;

/** Imports an export (see the module comment). Throws on I/O errors of the source and database errors. */
export async function importExport(deps: ImportDeps, src: ExportSource, o: ImportOptions): Promise<ImportSummary> {
  const dir = await readDirectory(src);
  const runId = newId();
  const summary: ImportSummary = {
    runId, exportId: src.id, channels: dir.channels.length, channelsCreated: 0, usersMapped: 0, usersCreated: 0, imported: 0, alreadyImported: 0, skipped: 0,
    tokenizedMessages: 0, sealedMessages: 0, threadReplies: 0, reactions: 0, reactionsNotMapped: 0, fileReferences: 0, malformedDayFiles: [], unknownSubtypes: {},
  };
  const map = await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('import_runs').values({ id: runId, export_id: src.id, source: basename(o.sourceName ?? 'export'), actor: o.actor, started_at: new Date().toISOString(), finished_at: null, counts: '{}' }).execute();
    const m = await setUpImport(trx, { exportId: src.id, dir, actor: o.actor, createdBy: o.createdBy });
    await appendAuditEvent(trx, { actor: o.actor, action: 'import.slack.start', target: `import:${runId}`, outcome: 'success', details: { exportId: src.id, channels: dir.channels.length, channelsCreated: m.channelsCreated, usersCreated: m.usersCreated, usersMapped: m.usersMapped } });
    return m;
  });
  Object.assign(summary, { channelsCreated: map.channelsCreated, usersCreated: map.usersCreated, usersMapped: map.usersMapped });
  const known = deps.privacy.knownSubjects;
  const isKnownValue = (v: string): boolean => (known ? known.match(v).length > 0 : false);
  const staff = new ExportStaffNames(deps.privacy.staffNames, exportStaff(dir.users.values()));
  const day = new DayImporter(deps, new StaffAwareGuard(deps.privacy.privacyGuard, { staffNames: staff, isKnownValue }), staff, isKnownValue, summary);
  const classOf = new Map<string, boolean>();
  const totalFiles = dir.channels.reduce((n, c) => n + dayFilesOf(src, c).length, 0);
  let files = 0;
  let seen = 0;
  const importDay = async (trx: Kysely<Database>, d: Extract<DayResult, { messages: SlackMessage[] }>): Promise<void> => {
    const channelId = map.channels.get(d.channel.id) as string;
    const dayName = d.path.slice(d.path.lastIndexOf('/') + 1);
    if (!classOf.has(channelId)) classOf.set(channelId, (await deps.privacy.channelClassOf(trx, channelId)) === 'broad');
    const broad = classOf.get(channelId) as boolean;
    const done = new Set((await trx.selectFrom('import_items').select('ts').where('export_id', '=', src.id).where('slack_channel_id', '=', d.channel.id).where('day_file', '=', dayName).execute()).map((r) => r.ts));
    const sealedCounts = new Map<string, number>();
    const batch = await startBatch(trx);
    for (const m of d.messages) {
      seen++;
      if (done.has(m.ts)) {
        summary.alreadyImported++;
        continue;
      }
      done.add(m.ts);
      await day.message(trx, { exportId: src.id, actor: o.actor, map, dir, slackChannel: d.channel.id, channelId, day: dayName, m, broad, sealedCounts, batch });
    }
    await flushBatch(trx, deps.privacy.vault, batch);
    if (sealedCounts.size > 0) {
      await appendAuditEvent(trx, { actor: o.actor, action: 'tokenize', target: `channel:${channelId}`, outcome: 'success', details: { channelClass: broad ? 'broad' : 'team', counts: Object.fromEntries(sealedCounts), sealed: true, source: 'slack_import' } });
    }
    // the newest message of the channel: ids sort by original time within a channel
    const last = await trx.selectFrom('messages').select(['id', 'created_at']).where('channel_id', '=', channelId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last) {
      await trx.updateTable('channels').set({ last_message_at: last.created_at }).where('id', '=', channelId).execute();
      await trx.updateTable('channel_members').set({ last_read_message_id: last.id }).where('channel_id', '=', channelId).execute();
    }
  };
  // Day files are committed in groups of about `transactionMessages` messages (fewer commits and
  // full-text index segments); a day file never spans two transactions, so resuming stays exact.
  const perTransaction = Math.max(1, o.transactionMessages ?? DEFAULT_TRANSACTION_MESSAGES);
  const days = eachDay(src, dir)[Symbol.asyncIterator]();
  let next = await days.next();
  while (!next.done) {
    await deps.db.transaction().execute(async (trx) => {
      let inTransaction = 0;
      while (!next.done && inTransaction < perTransaction) {
        const d = next.value;
        files++;
        if ('error' in d) summary.malformedDayFiles.push(d.path);
        else {
          inTransaction += Math.max(1, d.messages.length);
          await importDay(trx, d);
        }
        next = await days.next();
      }
    });
    o.onProgress?.({ files, totalFiles, messages: seen });
  }
  await deps.db.transaction().execute(async (trx) => {
    const counts = { ...summary, malformedDayFiles: summary.malformedDayFiles.length };
    await trx.updateTable('import_runs').set({ finished_at: new Date().toISOString(), counts: JSON.stringify(counts) }).where('id', '=', runId).execute();
    await appendAuditEvent(trx, { actor: o.actor, action: 'import.slack', target: `import:${runId}`, outcome: 'success', details: counts });
  });
  return summary;
}
