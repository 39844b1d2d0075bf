/**
 * The first step of an import, in one transaction: Slack users mapped to Enclave accounts by
 * e-mail (the rest created deactivated: they can never sign in, but authored history), and Slack
 * conversations mapped to channels (public/private channels; DMs and group DMs of at most
 * {@link MAX_DM_MEMBERS} as DMs, larger ones as private channels). Re-running reuses the mapping
 * of the same export (`import_users`, `import_channels`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { MAX_DM_MEMBERS } from '../chat/channels.ts';
import { isEmail, normalizeEmail } from '../users/users.ts';
import type { SlackChannel, SlackDirectory, SlackUser } from './slack-export.ts';

/** The account imported history is attributed to when nothing better exists. */
export const IMPORT_ACCOUNT_EMAIL = 'slack-import@import.invalid';
/** The account bot messages are attributed to. */
export const BOTS_ACCOUNT_EMAIL = 'slack-bots@import.invalid';

/** Mapping state of one import. */
export interface ImportMapping {
  /** Slack user id (or `bot:*`) → Enclave user id; filled on demand for missing users. */
  users: Map<string, string>;
  /** Slack conversation id → Enclave channel id. */
  channels: Map<string, string>;
  usersCreated: number;
  usersMapped: number;
  channelsCreated: number;
}

/** Finds an account by e-mail or creates it deactivated (audited `user.create`). Returns its id and whether it was created. */
export async function accountFor(trx: Kysely<Database>, actor: string, email: string, name: string): Promise<{ id: string; created: boolean }> {
  const e = normalizeEmail(email);
  const found = await trx.selectFrom('users').select('id').where('email', '=', e).executeTakeFirst();
  if (found) return { id: found.id, created: false };
  const now = new Date().toISOString();
  const id = newId();
  await trx
    .insertInto('users')
    .values({ id, email: e, name: name.trim() || e, role: 'agent', password_hash: null, active: 0, failed_logins: 0, locked_until: null, created_at: now, updated_at: now, must_change_password: 0 })
    .execute();
  await appendAuditEvent(trx, { actor, action: 'user.create', target: `user:${id}`, outcome: 'success', details: { after: { role: 'agent', active: false }, source: 'slack_import' } });
  return { id, created: true };
}

const slackEmail = (u: Pick<SlackUser, 'id'>): string => `slack-${u.id.toLowerCase().replace(/[^a-z0-9]/gu, '')}@import.invalid`;

/** The e-mail an imported Slack user maps by: their own when it is one, else a per-id placeholder. */
export function mappedEmail(u: SlackUser): string {
  return u.email && isEmail(normalizeEmail(u.email)) ? normalizeEmail(u.email) : slackEmail(u);
}

/** Maps (or creates) the account of a Slack author missing from users.json, or of a bot. */
export async function userFor(trx: Kysely<Database>, exportId: string, actor: string, m: ImportMapping, slackId: string): Promise<string> {
  const known = m.users.get(slackId);
  if (known) return known;
  const bot = slackId.startsWith('bot:');
  const acc = bot ? await accountFor(trx, actor, BOTS_ACCOUNT_EMAIL, 'Slack bots') : await accountFor(trx, actor, slackEmail({ id: slackId }), `Slack user ${slackId}`);
  if (acc.created) m.usersCreated++;
  await trx.insertInto('import_users').values({ export_id: exportId, slack_user_id: slackId, user_id: acc.id, created: acc.created ? 1 : 0 }).onConflict((oc) => oc.doNothing()).execute();
  m.users.set(slackId, acc.id);
  return acc.id;
}

async function freeName(trx: Kysely<Database>, name: string): Promise<string> {
  const base = name.toLowerCase().replace(/[^a-z0-9_-]/gu, '-').slice(0, 70) || 'slack';
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}-slack${i > 1 ? `-${i}` : ''}`;
    const taken = await trx.selectFrom('channels').select('id').where('name_key', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
}

async function createChannelFor(trx: Kysely<Database>, c: SlackChannel, memberIds: string[], createdBy: string, actor: string): Promise<string> {
  const now = new Date().toISOString();
  const asDm = (c.kind === 'dm' || c.kind === 'mpim') && memberIds.length >= 1 && memberIds.length <= MAX_DM_MEMBERS;
  const dmKey = asDm ? [...memberIds].sort().join(',') : null;
  if (dmKey) {
    const existing = await trx.selectFrom('channels').select('id').where('dm_key', '=', dmKey).executeTakeFirst();
    if (existing) return existing.id;
  }
  const id = newId();
  let name: string;
  if (asDm) {
    const names = await trx.selectFrom('users').select('name').where('id', 'in', memberIds).orderBy('name').execute();
    name = names.map((n) => n.name).join(', ');
  } else name = await freeName(trx, c.name);
  await trx
    .insertInto('channels')
    .values({ id, name, name_key: asDm ? null : name, visibility: c.private ? 'private' : 'public', kind: asDm ? 'dm' : 'channel', topic: '', dm_key: dmKey, created_by: createdBy, created_at: now, updated_at: now, last_message_at: null })
    .execute();
  if (memberIds.length > 0) await trx.insertInto('channel_members').values(memberIds.map((user_id) => ({ channel_id: id, user_id, joined_at: now, last_read_message_id: null }))).execute();
  await appendAuditEvent(trx, { actor, action: 'channel.create', target: `channel:${id}`, outcome: 'success', details: { kind: asDm ? 'dm' : 'channel', visibility: c.private ? 'private' : 'public', members: memberIds, source: 'slack_import' } });
  return id;
}

/**
 * Maps users and conversations (see the module comment). `createdBy` is the Enclave account that
 * owns created channels; `actor` goes into the audit events. Run inside a transaction.
 */
export async function setUpImport(trx: Kysely<Database>, a: { exportId: string; dir: SlackDirectory; actor: string; createdBy: string }): Promise<ImportMapping> {
  const m: ImportMapping = { users: new Map(), channels: new Map(), usersCreated: 0, usersMapped: 0, channelsCreated: 0 };
  for (const r of await trx.selectFrom('import_users').select(['slack_user_id', 'user_id']).where('export_id', '=', a.exportId).execute()) m.users.set(r.slack_user_id, r.user_id);
  for (const r of await trx.selectFrom('import_channels').select(['slack_channel_id', 'channel_id']).where('export_id', '=', a.exportId).execute()) m.channels.set(r.slack_channel_id, r.channel_id);
  for (const u of a.dir.users.values()) {
    if (m.users.has(u.id)) continue;
    const acc = await accountFor(trx, a.actor, mappedEmail(u), u.realName || u.displayName || u.name);
    if (acc.created) m.usersCreated++;
    else m.usersMapped++;
    await trx.insertInto('import_users').values({ export_id: a.exportId, slack_user_id: u.id, user_id: acc.id, created: acc.created ? 1 : 0 }).execute();
    m.users.set(u.id, acc.id);
  }
  for (const c of a.dir.channels) {
    if (m.channels.has(c.id)) continue;
    const members: string[] = [];
    for (const s of c.members) members.push(await userFor(trx, a.exportId, a.actor, m, s));
    const id = await createChannelFor(trx, c, [...new Set(members)], a.createdBy, a.actor);
    m.channelsCreated++;
    await trx.insertInto('import_channels').values({ export_id: a.exportId, slack_channel_id: c.id, channel_id: id }).execute();
    m.channels.set(c.id, id);
  }
  return m;
}
