/**
 * Privacy routes (docs/api.md, "Privacy"): "not personal data" marks, the policy editor and
 * erasure. Marks are created by channel members; listing/revoking marks, policies and erasure are
 * for privacy officers (403 otherwise). Every change is an audit event (in the services).
 */
import { Type } from '@sinclair/typebox';
import { ENTITY_TYPES } from '@enclave/pii';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { requirePrivacyOfficer } from '../../policies/index.ts';
import {
  CHANNEL_CLASSES,
  POLICY_ACTIONS,
  defaultPolicy,
  listPolicyOverrides,
  loadPolicies,
  setPolicy,
  type ChannelClass,
  type PolicyAction,
} from '../../services/privacy/index.ts';
import { IdParam, Strict, type Api } from '../types.ts';
import { markRoutes } from './marks.ts';
import { eraseSubjectRequest } from '../subjects/erasure.ts';

const ClassSchema = Type.Union(CHANNEL_CLASSES.map((c) => Type.Literal(c)));
const ActionSchema = Type.Union(POLICY_ACTIONS.map((a) => Type.Literal(a)));
const EntityTypeSchema = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$' });

/** One cell of the policy editor. */
export interface PolicyJson {
  class: ChannelClass;
  entityType: string;
  action: PolicyAction;
  defaultAction: PolicyAction;
  overridden: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

async function policyMatrix(ctx: AppContext): Promise<PolicyJson[]> {
  const overrides = await listPolicyOverrides(ctx.db);
  const table = await loadPolicies(ctx.db);
  const types = [...new Set<string>([...ENTITY_TYPES, ...overrides.map((o) => o.entityType)])];
  const out: PolicyJson[] = [];
  for (const cls of CHANNEL_CLASSES) {
    for (const entityType of types) {
      const o = overrides.find((x) => x.channelClass === cls && x.entityType === entityType);
      out.push({
        class: cls,
        entityType,
        action: table(cls, entityType),
        defaultAction: defaultPolicy(cls, entityType),
        overridden: o !== undefined,
        updatedBy: o?.updatedBy ?? null,
        updatedAt: o?.updatedAt ?? null,
      });
    }
  }
  return out;
}

export function privacyRoutes(api: Api, ctx: AppContext): void {
  markRoutes(api, ctx);

  api.get('/privacy/policies', { schema: { tags: ['privacy'] } }, async (req) => {
    requirePrivacyOfficer(principalOf(req).user);
    return { classes: CHANNEL_CLASSES, actions: POLICY_ACTIONS, policies: await policyMatrix(ctx) };
  });

  api.put(
    '/privacy/policies',
    { schema: { tags: ['privacy'], body: Type.Object({ class: ClassSchema, entityType: EntityTypeSchema, action: ActionSchema }, Strict) } },
    async (req) => {
      const user = principalOf(req).user;
      requirePrivacyOfficer(user);
      const { class: cls, entityType, action } = req.body;
      await ctx.write((uow) => setPolicy(uow.db, user.id, cls, entityType, action));
      const policy = (await policyMatrix(ctx)).find((p) => p.class === cls && p.entityType === entityType);
      return { policy };
    },
  );

  api.post(
    '/privacy/erasure',
    {
      schema: {
        tags: ['privacy'],
        body: Type.Object(
          { scope: Type.Optional(Type.String({ pattern: '^(subject|channel):[A-Za-z0-9_-]{1,128}$' })), subjectId: Type.Optional(IdParam) },
          Strict,
        ),
      },
    },
    async (req) => {
      const user = principalOf(req).user;
      requirePrivacyOfficer(user);
      const known = req.body.scope?.startsWith('subject:') ? await ctx.db.selectFrom('subjects').select('id').where('id', '=', req.body.scope.slice(8)).executeTakeFirst() : undefined;
      if (req.body.subjectId !== undefined || req.body.scope === undefined || known) return eraseSubjectRequest(ctx, user.id, req.body);
      const scope = req.body.scope;
      const { tokens } = await ctx.write((uow) => ctx.privacy.vault.eraseScope(uow.db, scope, { actor: user.id }));
      if (scope.startsWith('channel:')) ctx.privacy.conversationMemories.clear(scope.slice('channel:'.length));
      return { scope: req.body.scope, tokens };
    },
  );
}
