/**
 * Queues and routing: a category routes to a queue (rules editable by leads); a category without
 * a rule goes to the `triage` queue (created on first use). SLA: minutes from intake to due time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { CATEGORIES, type Category } from './report-schema.ts';

/** Default SLA of a new queue, minutes (24 h). */
export const DEFAULT_SLA_MINUTES = 24 * 60;
/** Default retention after close, days. */
export const DEFAULT_RETENTION_DAYS = 90;
/** Priority by category (urgent categories first). */
export const PRIORITY_OF: Record<Category, 'urgent' | 'high' | 'normal' | 'low'> = {
  child_safety: 'urgent',
  self_harm: 'urgent',
  harassment: 'high',
  privacy: 'high',
  impersonation: 'normal',
  other: 'normal',
  spam: 'low',
};

/** The queue named `name`, created with `slaMinutes` when missing. */
export async function ensureQueue(db: Kysely<Database>, name: string, slaMinutes = DEFAULT_SLA_MINUTES): Promise<{ id: string; name: string; slaMinutes: number }> {
  const found = await db.selectFrom('queues').selectAll().where('name', '=', name).executeTakeFirst();
  if (found) return { id: found.id, name: found.name, slaMinutes: found.sla_minutes };
  const id = newId();
  await db.insertInto('queues').values({ id, name, sla_minutes: slaMinutes, created_at: new Date().toISOString() }).execute();
  return { id, name, slaMinutes };
}

/** The queue a category routes to (see module doc). */
export async function routeCategory(db: Kysely<Database>, category: Category): Promise<{ id: string; name: string; slaMinutes: number }> {
  const rule = await db
    .selectFrom('routing_rules')
    .innerJoin('queues', 'queues.id', 'routing_rules.queue_id')
    .select(['queues.id', 'queues.name', 'queues.sla_minutes'])
    .where('routing_rules.category', '=', category)
    .executeTakeFirst();
  if (rule) return { id: rule.id, name: rule.name, slaMinutes: rule.sla_minutes };
  return ensureQueue(db, 'triage');
}

/** Sets a category's queue (and retention, days). Leads and admins (checked by the caller). Audited. */
export async function setRoutingRule(db: Kysely<Database>, input: { category: string; queueId: string; retentionDays?: number; actor: string }): Promise<void> {
  if (!(CATEGORIES as readonly string[]).includes(input.category)) throw new AppError(400, 'unknown_category', 'Unknown category');
  const q = await db.selectFrom('queues').select('id').where('id', '=', input.queueId).executeTakeFirst();
  if (!q) throw new AppError(404, 'not_found', 'No such queue');
  const retention = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const now = new Date().toISOString();
  await db
    .insertInto('routing_rules')
    .values({ category: input.category, queue_id: input.queueId, retention_days: retention, updated_by: input.actor, updated_at: now })
    .onConflict((oc) => oc.column('category').doUpdateSet({ queue_id: input.queueId, retention_days: retention, updated_by: input.actor, updated_at: now }))
    .execute();
  await appendAuditEvent(db, { actor: input.actor, action: 'routing.set', target: `category:${input.category}`, outcome: 'success', details: { queueId: input.queueId, retentionDays: retention } });
}
