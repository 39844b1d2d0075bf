/**
 * "Not personal data" marks and privacy-officer redaction (docs/api.md, "Privacy"). A channel
 * member requests a mark (`pending`; refused with 422 for hard identifiers in broad channels); a
 * privacy officer other than the requester approves or denies it; revoking re-protects every
 * message the mark let through; a privacy officer redacts any message. Refusals are audited as
 * their own events; every change is audited in its own transaction (in the services).
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { channelFor, requirePrivacyOfficer } from '../../policies/index.ts';
import { appendAuditEvent } from '../../services/audit/index.ts';
import { MAX_MESSAGE_LENGTH } from '../../services/chat/messages.ts';
import { decideMark, listMarks, markNotPersonalData, revokeMark } from '../../services/privacy/index.ts';
import { redactMessage } from '../../services/privacy/redact.ts';
import { reprotectRevokedMark } from '../../services/privacy/reprotect.ts';
import { IdParam, Strict, type Api } from '../types.ts';

const StatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('active'), Type.Literal('denied'), Type.Literal('revoked')]);

export function markRoutes(api: Api, ctx: AppContext): void {
  const refused = async (actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> => {
    await appendAuditEvent(ctx.db, { actor, action, target, outcome: 'denied', details });
  };

  api.post(
    '/privacy/marks',
    {
      schema: {
        tags: ['privacy'],
        body: Type.Object(
          {
            channelId: IdParam,
            text: Type.String({ minLength: 1, maxLength: MAX_MESSAGE_LENGTH }),
            start: Type.Integer({ minimum: 0, maximum: MAX_MESSAGE_LENGTH }),
            end: Type.Integer({ minimum: 1, maximum: MAX_MESSAGE_LENGTH }),
          },
          Strict,
        ),
      },
    },
    async (req, reply) => {
      const user = principalOf(req).user;
      const { channelId, text, start, end } = req.body;
      await channelFor(ctx.db, user, channelId, 'read');
      const finding = (await ctx.privacy.analyzeExempt(ctx.db, text)).find((f) => f.start === start && f.end === end);
      if (!finding) throw new AppError(400, 'no_finding', 'No finding at that position of the text');
      const channelClass = await ctx.privacy.channelClassOf(ctx.db, channelId);
      const input = { actor: user.id, channelId, value: text.slice(start, end), entityType: finding.entityType, channelClass };
      try {
        const { id, created, status } = await ctx.write((uow) => markNotPersonalData(uow.db, ctx.privacy.vault, input));
        return await reply.status(201).send({ mark: { id, channelId, entityType: finding.entityType, status }, created });
      } catch (err) {
        if (err instanceof AppError && err.code === 'mark_not_allowed') {
          const reason = finding.entityType === 'KNOWN_SUBJECT' ? 'known_subject' : 'hard_identifier_broad_channel';
          await refused(user.id, 'mark.not_personal_data', `channel:${channelId}`, { entityType: finding.entityType, reason });
        }
        throw err;
      }
    },
  );

  api.get(
    '/privacy/marks',
    {
      schema: {
        tags: ['privacy'],
        querystring: Type.Object(
          {
            channelId: Type.Optional(IdParam),
            status: Type.Optional(StatusSchema),
            includeRevoked: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
          },
          Strict,
        ),
      },
    },
    async (req) => {
      requirePrivacyOfficer(principalOf(req).user);
      return { marks: await listMarks(ctx.db, { channelId: req.query.channelId, status: req.query.status, includeRevoked: req.query.includeRevoked === 'true' }) };
    },
  );

  for (const decision of ['approve', 'deny'] as const) {
    api.post(`/privacy/marks/:id/${decision}`, { schema: { tags: ['privacy'], params: Type.Object({ id: IdParam }) } }, async (req) => {
      const user = principalOf(req).user;
      requirePrivacyOfficer(user);
      try {
        const mark = await ctx.write((uow) =>
          decideMark(uow.db, { actor: user.id, markId: req.params.id, decision, channelClassOf: (channelId) => ctx.privacy.channelClassOf(uow.db, channelId) }),
        );
        return { mark };
      } catch (err) {
        if (err instanceof AppError && (err.code === 'same_person' || err.code === 'mark_not_allowed')) {
          await refused(user.id, `mark.${decision}`, `mark:${req.params.id}`, { markId: req.params.id, reason: err.code });
        }
        throw err;
      }
    });
  }

  api.delete('/privacy/marks/:id', { schema: { tags: ['privacy'], params: Type.Object({ id: IdParam }) } }, async (req, reply) => {
    const user = principalOf(req).user;
    requirePrivacyOfficer(user);
    await ctx.write(async (uow) => {
      const mark = await revokeMark(uow.db, user.id, req.params.id);
      const messages = await reprotectRevokedMark(uow, { vault: ctx.privacy.vault, analyze: (t) => ctx.privacy.analyze(t) }, mark);
      if (messages > 0) {
        await appendAuditEvent(uow.db, {
          actor: user.id,
          action: 'mark.reprotect',
          target: `channel:${mark.channelId}`,
          outcome: 'success',
          details: { markId: req.params.id, entityType: mark.entityType, messages },
        });
      }
    });
    return reply.status(204).send();
  });

  api.post(
    '/privacy/messages/:id/redact',
    {
      schema: {
        tags: ['privacy'],
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ mode: Type.Union([Type.Literal('tokenize'), Type.Literal('remove')]), reason: Type.String({ minLength: 12, maxLength: 500 }) }, Strict),
      },
    },
    async (req) => {
      const user = principalOf(req).user;
      if (user.role !== 'privacy_officer') {
        await refused(user.id, 'message.redact', `message:${req.params.id}`, { messageId: req.params.id, reason: 'not_privacy_officer' });
        requirePrivacyOfficer(user);
      }
      const { tokenized } = await ctx.write((uow) =>
        redactMessage(uow, { vault: ctx.privacy.vault, analyze: (t) => ctx.privacy.analyze(t) }, { actor: user.id, messageId: req.params.id, mode: req.body.mode, reason: req.body.reason }),
      );
      return { messageId: req.params.id, mode: req.body.mode, tokenized };
    },
  );
}
