/**
 * Incoming webhooks. Admin calls under `/api/v1`: `POST /webhooks { channelId, name }` → `201 { id,
 * name, channelId, createdAt, enabled, url }` (`url` = `/hooks/<secret>`, shown only here),
 * `GET /webhooks` → `{ webhooks }` (no secrets), `DELETE /webhooks/:id` → 204 (disabled).
 * The hook itself, outside `/api/v1` (Slack-compatible, the secret in the URL is the credential;
 * logs carry the route pattern only): `POST /hooks/:secret` with `{ "text": … }` (JSON, or form-encoded
 * `payload=<json>` as Slack integrations also send) → `200 ok`
 * (text/plain, as Slack), `400 invalid_payload`, `404 not_found` (unknown or disabled), `422
 * personal_data_blocked` (nothing stored), `429 rate_limited`.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { wellFormedJson } from '../../http/well-formed.ts';
import { permission } from '../../services/cases/permissions.ts';
import { createWebhook, disableWebhook, listWebhooks, postViaWebhook, webhookBySecret, webhookText } from '../../services/webhooks/incoming.ts';
import { IdParam, Strict, type Api } from '../types.ts';

function requireManager(role: string): void {
  if (permission(role, 'integration.manage') !== 'yes') throw new AppError(403, 'forbidden', 'Admins only');
}

/** Admin routes (inside `/api/v1`). */
export function webhookAdminRoutes(api: Api, ctx: AppContext): void {
  api.get('/webhooks', { schema: { tags: ['webhooks'] } }, async (req) => {
    requireManager(principalOf(req).user.role);
    return { webhooks: await listWebhooks(ctx.db) };
  });
  api.post(
    '/webhooks',
    { schema: { tags: ['webhooks'], body: Type.Object({ channelId: IdParam, name: Type.String({ minLength: 1, maxLength: 80 }) }, Strict) } },
    async (req, reply) => {
      const user = principalOf(req).user;
      requireManager(user.role);
      const out = await ctx.write((uow) => createWebhook(uow.db, { channelId: req.body.channelId, name: req.body.name, actor: user.id, knownSubjects: ctx.privacy.knownSubjects }));
      return reply.status(201).header('cache-control', 'no-store').send(out);
    },
  );
  api.delete('/webhooks/:id', { schema: { tags: ['webhooks'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    const user = principalOf(req).user;
    requireManager(user.role);
    await ctx.write((uow) => disableWebhook(uow.db, { id: req.params.id, actor: user.id }));
    return reply.status(204).send();
  });
}

/** Largest hook body, JSON or form-encoded (bytes). */
export const HOOK_BODY_LIMIT = 256 * 1024;

/**
 * A form-encoded hook body (`payload=<json>`, as Slack integrations also post) → the JSON value of
 * `payload`. Throws `400 invalid_payload` when the field is missing or not JSON (nothing echoed).
 */
export function formPayload(body: string): unknown {
  const payload = new URLSearchParams(body).get('payload');
  if (payload === null) throw new AppError(400, 'invalid_payload', 'A form-encoded hook needs a "payload" field holding JSON');
  try {
    return wellFormedJson(JSON.parse(payload), payload);
  } catch {
    throw new AppError(400, 'invalid_payload', 'The "payload" field is not valid JSON');
  }
}

/**
 * The public hook route (outside `/api/v1`). Accepts `application/json` and, in this scope only (it
 * is no cookie-authenticated route, so no cross-site form can reach the API through it),
 * `application/x-www-form-urlencoded` with `payload=<json>`: the same checks, limit and guard.
 */
export function hookRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: HOOK_BODY_LIMIT }, (_req, body, done) => {
      try {
        done(null, formPayload(typeof body === 'string' ? body : body.toString('utf8')));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    scope.post<{ Params: { secret: string } }>('/hooks/:secret', { bodyLimit: HOOK_BODY_LIMIT, schema: { hide: true } }, async (req, reply) => {
      const hook = await webhookBySecret(ctx.readDb, req.params.secret);
      if (!hook) throw new AppError(404, 'not_found', 'No such webhook');
      const text = webhookText(req.body);
      const r = await ctx.messageLimiter.hit(`webhook:${hook.id}`);
      if (!r.allowed) throw new AppError(429, 'rate_limited', 'Too many messages; slow down', { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) });
      await ctx.write((uow) => postViaWebhook(uow, ctx.guard, hook, text));
      return reply.type('text/plain; charset=utf-8').send('ok');
    });
  });
}
