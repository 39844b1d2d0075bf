/**
 * Notification settings: a person's defaults (`level`, `email`) and per-channel settings
 * (`level` or null = the default, `muted`). Absent rows mean the defaults below.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { NotificationLevel } from '../../db/schema/notifications.ts';

/** Levels, in the API's order. */
export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['all', 'mentions', 'nothing'];

/** A person's defaults as the API shows them. */
export interface DefaultsJson {
  level: NotificationLevel;
  /** E-mail for mentions and DMs while away. */
  email: boolean;
}

/** A channel's settings as the API shows them; `level: null` follows the default. */
export interface ChannelSettingsJson {
  channelId: string;
  level: NotificationLevel | null;
  muted: boolean;
  /** The level that applies (the channel's or the default). */
  effectiveLevel: NotificationLevel;
}

/** Defaults when a person never chose: mentions (and DMs), e-mail on. */
export const DEFAULTS: DefaultsJson = { level: 'mentions', email: true };

/** The person's defaults. */
export async function getDefaults(db: Kysely<Database>, userId: string): Promise<DefaultsJson> {
  const row = await db.selectFrom('notification_defaults').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? { level: row.level, email: row.email === 1 } : { ...DEFAULTS };
}

/** Changes the person's defaults (fields left out keep their value); returns the result. */
export async function putDefaults(db: Kysely<Database>, userId: string, patch: Partial<DefaultsJson>): Promise<DefaultsJson> {
  const next = { ...(await getDefaults(db, userId)), ...patch };
  const now = new Date().toISOString();
  await db
    .insertInto('notification_defaults')
    .values({ user_id: userId, level: next.level, email: next.email ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ level: next.level, email: next.email ? 1 : 0, updated_at: now }))
    .execute();
  return next;
}

/** The person's settings for one channel (membership is checked by the caller). */
export async function getChannelSettings(db: Kysely<Database>, userId: string, channelId: string): Promise<ChannelSettingsJson> {
  const [row, defaults] = await Promise.all([
    db.selectFrom('channel_notification_settings').selectAll().where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst(),
    getDefaults(db, userId),
  ]);
  const level = row?.level ?? null;
  return { channelId, level, muted: row?.muted === 1, effectiveLevel: level ?? defaults.level };
}

/** Changes the person's settings for one channel (fields left out keep their value). */
export async function putChannelSettings(
  db: Kysely<Database>,
  userId: string,
  channelId: string,
  patch: { level?: NotificationLevel | null; muted?: boolean },
): Promise<ChannelSettingsJson> {
  const cur = await getChannelSettings(db, userId, channelId);
  const level = patch.level === undefined ? cur.level : patch.level;
  const muted = patch.muted ?? cur.muted;
  const now = new Date().toISOString();
  await db
    .insertInto('channel_notification_settings')
    .values({ channel_id: channelId, user_id: userId, level, muted: muted ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doUpdateSet({ level, muted: muted ? 1 : 0, updated_at: now }))
    .execute();
  return getChannelSettings(db, userId, channelId);
}

/** What applies to one member of a channel. */
export interface MemberSetting {
  level: NotificationLevel;
  muted: boolean;
  /** E-mail while away (the person's default). */
  email: boolean;
}

/** Effective level, mute and e-mail switch of every member of a channel, by user id. */
export async function memberSettings(db: Kysely<Database>, channelId: string): Promise<Map<string, MemberSetting>> {
  const rows = await db
    .selectFrom('channel_members as cm')
    .leftJoin('channel_notification_settings as s', (j) => j.onRef('s.channel_id', '=', 'cm.channel_id').onRef('s.user_id', '=', 'cm.user_id'))
    .leftJoin('notification_defaults as d', 'd.user_id', 'cm.user_id')
    .select(['cm.user_id as userId', 's.level as level', 's.muted as muted', 'd.level as defaultLevel', 'd.email as email'])
    .where('cm.channel_id', '=', channelId)
    .execute();
  const out = new Map<string, MemberSetting>();
  for (const r of rows) out.set(r.userId, { level: r.level ?? r.defaultLevel ?? DEFAULTS.level, muted: r.muted === 1, email: r.email !== 0 });
  return out;
}

/**
 * {@link memberSettings} of only those members of `channelId` whose effective level is `all` (by
 * the channel's setting, or by their default when the channel's level is not set), in one query
 * starting from the rows that say `all` (few), not from the channel's members (many).
 */
export async function onAllSettings(db: Kysely<Database>, channelId: string): Promise<Map<string, MemberSetting>> {
  const rows = await db
    .selectFrom('channel_notification_settings as s')
    .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 's.channel_id').onRef('cm.user_id', '=', 's.user_id'))
    .leftJoin('notification_defaults as d', 'd.user_id', 's.user_id')
    .select(['s.user_id as userId', 's.muted as muted', 'd.email as email'])
    .where('s.channel_id', '=', channelId)
    .where('s.level', '=', 'all')
    .unionAll((eb) =>
      eb
        .selectFrom('notification_defaults as d')
        .innerJoin('channel_members as cm', (j) => j.onRef('cm.user_id', '=', 'd.user_id').on('cm.channel_id', '=', channelId))
        .leftJoin('channel_notification_settings as s', (j) => j.onRef('s.user_id', '=', 'd.user_id').on('s.channel_id', '=', channelId))
        .select(['d.user_id as userId', 's.muted as muted', 'd.email as email'])
        .where('d.level', '=', 'all')
        .where('s.level', 'is', null)
        // `muted` is null here without a channel row (= not muted), `email` never null; read as such below.
        .$castTo<{ userId: string; muted: number; email: number | null }>(),
    )
    .execute();
  const out = new Map<string, MemberSetting>();
  for (const r of rows) out.set(r.userId, { level: 'all', muted: r.muted === 1, email: r.email !== 0 });
  return out;
}
