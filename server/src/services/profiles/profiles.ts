/**
 * Staff profiles (issue 12): display name, title, team, time zone, status (text + one emoji) and
 * whether an avatar exists. Reading: any signed-in staff member. Changing: only one's own profile.
 * Every change appends a `user.profile_update` audit event (field names only, never values) in the
 * same transaction.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { KnownSubjectIndex } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import type { UserProfilesTable } from '../../db/schema/profiles.ts';
import { AppError } from '../../errors.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { isReactionEmoji } from '../chat/reactions.ts';
import { assertProfileTextClean } from './guard.ts';

/** Longest display name / title / team / status text, characters. */
export const PROFILE_LIMITS = { displayName: 80, title: 100, team: 100, statusText: 140, timeZone: 64 } as const;

/** A profile as the API shows it. `avatarUrl` is null when the person has none (clients draw initials). */
export interface ProfileJson {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  displayName: string;
  title: string;
  team: string;
  timeZone: string;
  statusText: string;
  statusEmoji: string;
  avatarUrl: string | null;
}

/** The changeable fields; `undefined` = unchanged, `''` = cleared. */
export interface ProfilePatch {
  displayName?: string;
  title?: string;
  team?: string;
  timeZone?: string;
  statusText?: string;
  statusEmoji?: string;
}


const COLUMN: Record<keyof ProfilePatch, keyof UserProfilesTable> = {
  displayName: 'display_name',
  title: 'title',
  team: 'team',
  timeZone: 'time_zone',
  statusText: 'status_text',
  statusEmoji: 'status_emoji',
};

/** Whether `tz` is an IANA time-zone name this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

/** Row(s) → JSON. */
export function presentProfile(u: Selectable<UsersTable>, p: Selectable<UserProfilesTable> | undefined): ProfileJson {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    active: u.active === 1,
    displayName: p?.display_name ?? '',
    title: p?.title ?? '',
    team: p?.team ?? '',
    timeZone: p?.time_zone ?? '',
    statusText: p?.status_text ?? '',
    statusEmoji: p?.status_emoji ?? '',
    avatarUrl: p?.avatar_key ? `/api/v1/users/${encodeURIComponent(u.id)}/avatar?v=${encodeURIComponent(p.avatar_updated_at ?? '')}` : null,
  };
}

async function profilesOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, Selectable<UserProfilesTable>>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('user_profiles').selectAll().where('user_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}

/** One person's profile; throws `404 not_found` for an unknown id. */
export async function getProfile(db: Kysely<Database>, userId: string): Promise<ProfileJson> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!u) throw new AppError(404, 'not_found', 'No such user');
  const p = await db.selectFrom('user_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return presentProfile(u, p);
}

/**
 * The people directory: active accounts whose name, display name, title or team contains `q`
 * (case-insensitive; all when empty), by name, at most `limit`.
 */
export async function searchProfiles(db: Kysely<Database>, q: string, limit: number): Promise<ProfileJson[]> {
  let query = db
    .selectFrom('users')
    .leftJoin('user_profiles', 'user_profiles.user_id', 'users.id')
    .selectAll('users')
    .where('users.active', '=', 1)
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(limit);
  const term = q.trim().toLowerCase();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or(
        (['users.name', 'user_profiles.display_name', 'user_profiles.title', 'user_profiles.team'] as const).map(
          (col) => sql<boolean>`lower(coalesce(${eb.ref(col)}, '')) like ${like} escape '\\'`,
        ),
      ),
    );
  }
  const users = await query.execute();
  const profiles = await profilesOf(db, users.map((u) => u.id));
  return users.map((u) => presentProfile(u, profiles.get(u.id)));
}

function normalise(patch: ProfilePatch, knownSubjects: KnownSubjectIndex | undefined): ProfilePatch {
  const out: ProfilePatch = {};
  for (const key of ['displayName', 'title', 'team', 'statusText'] as const) {
    const v = patch[key];
    if (v === undefined) continue;
    const t = v.trim().replace(/\s+/g, ' ');
    if (t.length > PROFILE_LIMITS[key]) throw new AppError(400, 'invalid_request', `${key} is limited to ${PROFILE_LIMITS[key]} characters`);
    assertProfileTextClean(key, t, knownSubjects);
    out[key] = t;
  }
  if (patch.timeZone !== undefined) {
    const tz = patch.timeZone.trim();
    if (tz !== '' && !isTimeZone(tz)) throw new AppError(400, 'invalid_time_zone', 'timeZone must be an IANA time-zone name such as Europe/Berlin');
    out.timeZone = tz;
  }
  if (patch.statusEmoji !== undefined) {
    const e = patch.statusEmoji.trim();
    if (e !== '' && !isReactionEmoji(e)) throw new AppError(400, 'invalid_emoji', 'statusEmoji must be one emoji');
    out.statusEmoji = e;
  }
  return out;
}

/**
 * Changes the caller's own profile. Throws `400 invalid_request` (too long), `400 invalid_time_zone`,
 * `400 invalid_emoji`, `422 personal_data_blocked` (see `guard.ts`); nothing is written then.
 */
export async function updateProfile(uow: UnitOfWork, userId: string, patch: ProfilePatch, knownSubjects?: KnownSubjectIndex): Promise<ProfileJson> {
  const clean = normalise(patch, knownSubjects);
  const db = uow.db;
  const before = await db.selectFrom('user_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const changed = (Object.keys(clean) as (keyof ProfilePatch)[]).filter((k) => (before?.[COLUMN[k]] ?? '') !== clean[k]);
  if (changed.length > 0) {
    const now = new Date().toISOString();
    const set: Partial<Selectable<UserProfilesTable>> = { updated_at: now };
    for (const k of changed) (set as Record<string, unknown>)[COLUMN[k]] = clean[k];
    if (before) await db.updateTable('user_profiles').set(set).where('user_id', '=', userId).execute();
    else await db.insertInto('user_profiles').values({ ...emptyProfile(userId, now), ...set }).execute();
    await appendAuditEvent(db, { actor: userId, action: 'user.profile_update', target: `user:${userId}`, outcome: 'success', details: { fields: changed } });
  }
  return getProfile(db, userId);
}

/** A profile row with every field at its default. */
export function emptyProfile(userId: string, now: string): Selectable<UserProfilesTable> {
  return {
    user_id: userId,
    display_name: '',
    title: '',
    team: '',
    time_zone: '',
    status_text: '',
    status_emoji: '',
    avatar_key: null,
    avatar_wrapped_key: null,
    avatar_kek_id: null,
    avatar_mime: null,
    avatar_updated_at: null,
    updated_at: now,
  };
}
