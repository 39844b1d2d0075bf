/**
 * The Slack "standard export" format, read defensively: `users.json`, `channels.json` (public),
 * `groups.json` (private), `dms.json`, `mpims.json`, and per-conversation folders of day files
 * `FOLDER/YYYY-MM-DD.json` (each a JSON array of message objects). Records of the wrong shape are
 * dropped and counted, never echoed (they may hold personal data).
 */
import type { ExportSource } from './slack-source.ts';
import { wellFormedJson } from '../../http/well-formed.ts';

/** A Slack workspace member (staff of the team that exported). */
export interface SlackUser {
  id: string;
  /** Handle (`name`). */
  name: string;
  realName: string;
  displayName: string;
  email: string | undefined;
  deleted: boolean;
  isBot: boolean;
}

/** Kind of Slack conversation. */
export type SlackChannelKind = 'channel' | 'group' | 'dm' | 'mpim';

/** A conversation of the export. */
export interface SlackChannel {
  id: string;
  /** Channel name (for DMs: the DM id). */
  name: string;
  kind: SlackChannelKind;
  /** True for groups, DMs and MPIMs. */
  private: boolean;
  /** Slack user ids of the members as exported. */
  members: string[];
  /** Folder of its day files. */
  folder: string;
}

/** One Slack reaction. */
export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/** A file reference (the file itself is not in a standard export). */
export interface SlackFileRef {
  id: string;
  name: string;
  mimetype: string;
  size: number;
}

/** A message, normalised. `ts` is Slack's `seconds.micro` id string. */
export interface SlackMessage {
  ts: string;
  /** Author's Slack user id (or `bot:<bot_id>`); undefined when absent. */
  user: string | undefined;
  subtype: string | undefined;
  text: string;
  /** Set on thread replies (the root's ts); not set on roots. */
  threadTs: string | undefined;
  editedTs: string | undefined;
  reactions: SlackReaction[];
  files: SlackFileRef[];
  /** Texts of the message's attachments (bot posts often carry all their text there). */
  attachments: string[];
}

/** Subtypes whose text is a conversation message (imported as one). */
export const CONTENT_SUBTYPES: ReadonlySet<string> = new Set(['bot_message', 'me_message', 'thread_broadcast', 'file_share', 'file_comment', 'reply_broadcast']);
/** Subtypes that are channel events (scanned, not imported). */
export const SYSTEM_SUBTYPES: ReadonlySet<string> = new Set([
  'channel_join', 'channel_leave', 'group_join', 'group_leave', 'channel_topic', 'channel_purpose', 'channel_name', 'group_topic', 'group_purpose',
  'group_name', 'channel_archive', 'channel_unarchive', 'group_archive', 'group_unarchive', 'pinned_item', 'unpinned_item', 'bot_add', 'bot_remove',
  'tombstone', 'reminder_add', 'message_deleted', 'message_changed', 'sh_room_created', 'huddle_thread',
]);

/** A subtype as it may appear in a report: known names as is, anything odd as `other`. */
export function reportableSubtype(s: string): string {
  return /^[a-z_]{1,40}$/u.test(s) ? s : 'other';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The parsed top-level files, and problems (counts, no contents). */
export interface SlackDirectory {
  users: Map<string, SlackUser>;
  channels: SlackChannel[];
  warnings: string[];
}

/**
 * `JSON.parse` with every string made storable: NUL and lone surrogates → U+FFFD (PostgreSQL
 * refuses NUL in text; red team 5). Throws `SyntaxError` as `JSON.parse` does.
 */
function parseJson(text: string): unknown {
  return wellFormedJson(JSON.parse(text), text);
}

async function readList(src: ExportSource, name: string, warnings: string[]): Promise<unknown[]> {
  const path = src.files.find((f) => f === name || f.endsWith(`/${name}`) && f.split('/').length === 2);
  if (!path) return [];
  try {
    const parsed: unknown = parseJson((await src.read(path)).toString('utf8'));
    if (Array.isArray(parsed)) return parsed;
    warnings.push(`${name}: not a JSON array (ignored)`);
  } catch (err) {
    warnings.push(`${name}: ${err instanceof SyntaxError ? 'malformed JSON' : err instanceof Error ? err.message : 'unreadable'} (ignored)`);
  }
  return [];
}

/** The folder prefix when the export's files sit inside one top folder (a zip of a folder). */
export function exportRoot(files: readonly string[]): string {
  if (files.some((f) => f === 'channels.json' || f === 'users.json')) return '';
  const top = files.find((f) => /^[^/]+\/(channels|users)\.json$/u.test(f));
  return top ? `${top.split('/')[0] as string}/` : '';
}

/** Reads users and conversations. Throws only on I/O errors of the source. */
export async function readDirectory(src: ExportSource): Promise<SlackDirectory> {
  const warnings: string[] = [];
  const root = exportRoot(src.files);
  const users = new Map<string, SlackUser>();
  for (const raw of await readList(src, `${root}users.json`, warnings)) {
    const u = obj(raw);
    const id = str(u?.id);
    if (!u || !id) continue;
    const profile = obj(u.profile) ?? {};
    users.set(id, {
      id,
      name: str(u.name) ?? id,
      realName: str(u.real_name) ?? str(profile.real_name) ?? '',
      displayName: str(profile.display_name) ?? '',
      email: str(profile.email),
      deleted: u.deleted === true,
      isBot: u.is_bot === true,
    });
  }
  const channels: SlackChannel[] = [];
  const seen = new Set<string>();
  const lists: Array<[string, SlackChannelKind]> = [['channels.json', 'channel'], ['groups.json', 'group'], ['mpims.json', 'mpim'], ['dms.json', 'dm']];
  for (const [file, kind] of lists) {
    for (const raw of await readList(src, `${root}${file}`, warnings)) {
      const c = obj(raw);
      const id = str(c?.id);
      if (!c || !id || seen.has(id)) continue;
      const name = str(c.name) ?? id;
      const members = Array.isArray(c.members) ? c.members.filter((m): m is string => typeof m === 'string') : [];
      const folder = kind === 'dm' ? id : name;
      if (folder.includes('/') || folder === '..' || folder === '.') {
        warnings.push(`${file}: a conversation with an unusable folder name (ignored)`);
        continue;
      }
      seen.add(id);
      channels.push({ id, name, kind, private: kind !== 'channel' || c.is_private === true, members: [...new Set(members)], folder: `${root}${folder}` });
    }
  }
  return { users, channels, warnings };
}

/** Day files of a conversation, in date order. */
export function dayFilesOf(src: ExportSource, channel: SlackChannel): string[] {
  const prefix = `${channel.folder}/`;
  return src.files.filter((f) => f.startsWith(prefix) && /^\d{4}-\d{2}-\d{2}\.json$/u.test(f.slice(prefix.length))).sort();
}

/** Outcome of parsing one day file: messages in ts order, and how many records were dropped. */
export interface ParsedDay {
  messages: SlackMessage[];
  dropped: number;
}

/** Parses a day file; throws `SyntaxError` when it is not JSON or not an array. */
export function parseDay(buf: Buffer): ParsedDay {
  const parsed: unknown = parseJson(buf.toString('utf8'));
  if (!Array.isArray(parsed)) throw new SyntaxError('not a JSON array');
  const messages: SlackMessage[] = [];
  let dropped = 0;
  for (const raw of parsed) {
    const m = obj(raw);
    const ts = str(m?.ts);
    if (!m || !ts || !/^\d{1,12}\.\d{1,9}$/u.test(ts)) {
      dropped++;
      continue;
    }
    const threadTs = str(m.thread_ts);
    const botId = str(m.bot_id);
    messages.push({
      ts,
      user: str(m.user) ?? (botId ? `bot:${botId}` : undefined),
      subtype: str(m.subtype),
      text: str(m.text) ?? '',
      threadTs: threadTs && threadTs !== ts ? threadTs : undefined,
      editedTs: str(obj(m.edited)?.ts),
      reactions: Array.isArray(m.reactions) ? m.reactions.flatMap(reactionOf) : [],
      files: Array.isArray(m.files) ? m.files.flatMap(fileOf) : [],
      attachments: Array.isArray(m.attachments) ? m.attachments.flatMap(attachmentText) : [],
    });
  }
  messages.sort((a, b) => tsMillis(a.ts) - tsMillis(b.ts));
  return { messages, dropped };
}

function reactionOf(raw: unknown): SlackReaction[] {
  const r = obj(raw);
  const name = str(r?.name);
  if (!r || !name) return [];
  const users = Array.isArray(r.users) ? r.users.filter((u): u is string => typeof u === 'string') : [];
  return [{ name, users, count: typeof r.count === 'number' ? r.count : users.length }];
}

function attachmentText(raw: unknown): string[] {
  const a = obj(raw);
  if (!a) return [];
  const parts = [str(a.pretext), str(a.title), str(a.text)].filter((x): x is string => !!x && x.trim() !== '');
  const text = parts.length > 0 ? parts.join('\n') : (str(a.fallback) ?? '');
  return text.trim() ? [text] : [];
}

function fileOf(raw: unknown): SlackFileRef[] {
  const f = obj(raw);
  const id = str(f?.id);
  if (!f || !id) return [];
  return [{ id, name: str(f.name) ?? str(f.title) ?? '', mimetype: str(f.mimetype) ?? 'application/octet-stream', size: typeof f.size === 'number' ? f.size : 0 }];
}

/** Slack `ts` → milliseconds since the epoch. */
export function tsMillis(ts: string): number {
  return Math.round(Number(ts) * 1000);
}

/**
 * Slack markup → plain text: `<@U1>` → `@handle`, `<#C1|name>` → `#name`, `<!here>` → `@here`,
 * `<mailto:x|x>` → `x`, `<url|label>` → `label (url)`, `<url>` → `url`; `&lt;` `&gt;` `&amp;` decoded.
 */
export function slackToText(text: string, handleOf: (userId: string) => string | undefined): string {
  const out = text.replace(/<([^<>]*)>/gu, (_all, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `@${handleOf(target.slice(1)) ?? label ?? 'unknown-user'}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0] ?? ''}`;
    if (/^(mailto|tel):/u.test(target)) return label ?? target.replace(/^(mailto|tel):/u, '');
    return label && label !== target ? `${label} (${target})` : target;
  });
  return out.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');
}
