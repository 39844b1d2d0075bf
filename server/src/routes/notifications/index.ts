/**
 * Notifications (docs/api.md, "Notifications"; issue 12): the in-app list, marking read, the
 * person's defaults, per-channel settings (members only: 404 otherwise) and the privacy
 * officer's e-mail text setting (audited, denied attempts too).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { channelFor, requirePrivacyOfficer } from '../../policies/index.ts';
import { listNotifications, markNotificationsRead, MAX_PAGE } from '../../services/notifications/inbox.ts';
import { getChannelSettings, getDefaults, putChannelSettings, putDefaults } from '../../services/notifications/settings.ts';
import { getNotificationPrivacy, setNotificationPrivacy } from '../../services/notifications/workspace.ts';
import { auditDenied } from '../audited.ts';
import { Cursor, IdParam, QueryInt, Strict, type Api } from '../types.ts';

const Level = Type.Union([Type.Literal('all'), Type.Literal('mentions'), Type.Literal('nothing')]);

/** Registers the notification routes. */
export function notificationRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/notifications',
    { schema: { tags: ['notifications'], querystring: Type.Object({ limit: Type.Optional(QueryInt), before: Type.Optional(Cursor) }, Strict) } },
    async (req) => {
      const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
      if (limit < 1 || limit > MAX_PAGE) throw new AppError(400, 'invalid_limit', `limit must be 1..${MAX_PAGE}`);
      return listNotifications(ctx.readDb, principalOf(req).user.id, { limit, ...(req.query.before !== undefined ? { before: req.query.before } : {}) });
    },
  );

  api.post(
    '/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        body: Type.Object({ ids: Type.Optional(Type.Array(Cursor, { minItems: 1, maxItems: 200 })), all: Type.Optional(Type.Literal(true)) }, Strict),
      },
    },
    async (req) => {
      const { ids, all } = req.body;
      if ((ids === undefined) === (all === undefined)) throw new AppError(400, 'invalid_request', 'Give either ids or all: true');
      const me = principalOf(req).user.id;
      const updated = await ctx.write((uow) => markNotificationsRead(uow.db, me, all ? 'all' : { ids: ids ?? [] }));
      return { updated };
    },
  );

  api.get('/notifications/settings', { schema: { tags: ['notifications'] } }, async (req) => getDefaults(ctx.readDb, principalOf(req).user.id));

  api.put(
    '/notifications/settings',
    { schema: { tags: ['notifications'], body: Type.Object({ level: Type.Optional(Level), email: Type.Optional(Type.Boolean()) }, { ...Strict, minProperties: 1 }) } },
    async (req) => {
      const me = principalOf(req).user.id;
      return ctx.write((uow) => putDefaults(uow.db, me, req.body));
    },
  );

  api.get('/channels/:id/notification-settings', { schema: { tags: ['notifications'], params: Type.Object({ id: IdParam }) } }, async (req) => {
    const user = principalOf(req).user;
    await channelFor(ctx.readDb, user, req.params.id, 'read');
    return getChannelSettings(ctx.readDb, user.id, req.params.id);
  });

  api.put(
    '/channels/:id/notification-settings',
    {
      schema: {
        tags: ['notifications'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ level: Type.Optional(Type.Union([Level, Type.Null()])), muted: Type.Optional(Type.Boolean()) }, { ...Strict, minProperties: 1 }),
      },
    },
    async (req) => {
      const user = principalOf(req).user;
      return ctx.write(async (uow) => {
        try {
          await channelFor(uow.db, user, req.params.id, 'read');
        } catch (err) {
          // A channel one is not in reads as absent, whatever its visibility.
          if (err instanceof AppError && err.status === 404) throw new AppError(404, 'not_found', 'No such channel');
          throw err;
        }
        return putChannelSettings(uow.db, user.id, req.params.id, req.body);
      });
    },
  );

  api.get('/privacy/notification-settings', { schema: { tags: ['privacy'] } }, async (req) => {
    requirePrivacyOfficer(principalOf(req).user);
    return getNotificationPrivacy(ctx.readDb);
  });

  api.put(
    '/privacy/notification-settings',
    { schema: { tags: ['privacy'], body: Type.Object({ emailIncludesText: Type.Boolean() }, Strict) } },
    async (req) => {
      const user = principalOf(req).user;
      return auditDenied(ctx, { actor: user.id, action: 'privacy.notification_settings', target: 'workspace:notifications' }, async () => {
        requirePrivacyOfficer(user);
        return ctx.write((uow) => setNotificationPrivacy(uow.db, user.id, req.body.emailIncludesText));
      });
    },
  );
}
