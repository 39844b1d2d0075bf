/**
 * Channel classes and the per-class, per-entity-type policy (PRODUCT.md, "Channel classes and
 * default policy"), with privacy-officer overrides stored in `privacy_policies`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { appendAuditEvent } from '../audit/index.ts';

/** `case_room`: private, members = the case's assignees; `team`: private channel or DM; `broad`: public or more members than the threshold. */
export type ChannelClass = 'case_room' | 'team' | 'broad';
export const CHANNEL_CLASSES: readonly ChannelClass[] = ['case_room', 'team', 'broad'];

/** What happens to a finding: kept raw, moved to the vault behind a token, or the message is refused. */
export type PolicyAction = 'allow' | 'tokenize' | 'block';
export const POLICY_ACTIONS: readonly PolicyAction[] = ['allow', 'tokenize', 'block'];

/** Looks up a channel's class; injected so the guard does not depend on how channels are stored. */
export type ChannelClassOf = (db: Kysely<Database>, channelId: string) => Promise<ChannelClass>;

/**
 * Default action: tokenize in case rooms and team channels; block in broad channels, except
 * values of a known data subject, which are tokenized there (and never revealable from there).
 */
export function defaultPolicy(cls: ChannelClass, entityType: string): PolicyAction {
  if (cls !== 'broad') return 'tokenize';
  return entityType === 'KNOWN_SUBJECT' ? 'tokenize' : 'block';
}

/** The effective policy table: defaults overlaid with stored overrides. Key `${class}/${entityType}`. */
export type PolicyTable = (cls: ChannelClass, entityType: string) => PolicyAction;

/** Loads every override once and returns a lookup function (one query per message). */
export async function loadPolicies(db: Kysely<Database>): Promise<PolicyTable> {
  const rows = await db.selectFrom('privacy_policies').select(['channel_class', 'entity_type', 'action']).execute();
  const overrides = new Map(rows.map((r) => [`${r.channel_class}/${r.entity_type}`, r.action as PolicyAction]));
  return (cls, entityType) => overrides.get(`${cls}/${entityType}`) ?? defaultPolicy(cls, entityType);
}

/** The effective action for one class and entity type. */
export async function getPolicy(db: Kysely<Database>, cls: ChannelClass, entityType: string): Promise<PolicyAction> {
  const row = await db
    .selectFrom('privacy_policies')
    .select('action')
    .where('channel_class', '=', cls)
    .where('entity_type', '=', entityType)
    .executeTakeFirst();
  return (row?.action as PolicyAction | undefined) ?? defaultPolicy(cls, entityType);
}

/** Every stored override (for the policy editor), with who changed it and when. */
export async function listPolicyOverrides(
  db: Kysely<Database>,
): Promise<{ channelClass: ChannelClass; entityType: string; action: PolicyAction; updatedBy: string; updatedAt: string }[]> {
  const rows = await db.selectFrom('privacy_policies').selectAll().orderBy('channel_class').orderBy('entity_type').execute();
  return rows.map((r) => ({
    channelClass: r.channel_class as ChannelClass,
    entityType: r.entity_type,
    action: r.action as PolicyAction,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }));
}

/**
 * Sets the action for one class and entity type and appends a `policy.change` audit event
 * (`details: { channelClass, entityType, before, after }`) in the same transaction.
 * Authorization (role `privacy_officer`) is the caller's job. Throws `RangeError` for an unknown class or action.
 */
export async function setPolicy(db: Kysely<Database>, actor: string, cls: ChannelClass, entityType: string, action: PolicyAction): Promise<void> {
  if (!CHANNEL_CLASSES.includes(cls)) throw new RangeError('unknown channel class');
  if (!POLICY_ACTIONS.includes(action)) throw new RangeError('unknown policy action');
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(entityType)) throw new RangeError('malformed entity type');
  if (!db.isTransaction) return db.transaction().execute((trx) => setPolicy(trx, actor, cls, entityType, action));
  const before = await getPolicy(db, cls, entityType);
  const now = new Date().toISOString();
  await db
    .insertInto('privacy_policies')
    .values({ channel_class: cls, entity_type: entityType, action, updated_by: actor, updated_at: now })
    .onConflict((oc) => oc.columns(['channel_class', 'entity_type']).doUpdateSet({ action, updated_by: actor, updated_at: now }))
    .execute();
  await appendAuditEvent(db, {
    actor,
    action: 'policy.change',
    target: `policy:${cls}/${entityType}`,
    outcome: 'success',
    details: { channelClass: cls, entityType, before, after: action },
  });
}
