/**
 * `GET /messages/:id/case-mentions` → `{ cases: [ { number, category, status, caseId? } ] }`: the
 * cases a message mentions (`case #1234`), for a reader of that message (404 otherwise, like the
 * message). Only number, category and state; `caseId` when the reader may open the case.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { principalOf } from '../../http/auth.ts';
import { getMessage } from '../../services/chat/message-query.ts';
import { resolveCaseMentions } from '../../services/cases/case-mentions.ts';
import { IdParam, type Api } from '../types.ts';

export function caseMentionRoutes(api: Api, ctx: AppContext): void {
  api.get('/messages/:id/case-mentions', { schema: { tags: ['cases'], params: Type.Object({ id: IdParam }) } }, async (req) => {
    const user = principalOf(req).user;
    const message = await getMessage(ctx.readDb, user, req.params.id);
    return { cases: await resolveCaseMentions(ctx.readDb, user, message.text) };
  });
}
