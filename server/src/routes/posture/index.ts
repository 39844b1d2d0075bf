/**
 * `GET /api/v1/privacy/posture?from&to&format=json|csv` (privacy officers; 403 otherwise): the
 * posture dashboard's numbers (see `services/posture/posture.ts`), from the audit log only. `from`
 * and `to` are ISO dates (default: the last 12 weeks); `format=csv` downloads the same numbers.
 */
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../http/auth.ts';
import { requirePrivacyOfficer } from '../../policies/index.ts';
import { buildPosture, postureCsv } from '../../services/posture/posture.ts';
import { Strict, type Api } from '../types.ts';

const Iso = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$' });

function isoOf(s: string | undefined, fallback: number): string {
  const t = s === undefined ? fallback : Date.parse(s);
  if (Number.isNaN(t)) throw new AppError(400, 'invalid_request', 'from/to must be ISO 8601 dates');
  return new Date(t).toISOString();
}

export function postureRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/privacy/posture',
    { schema: { tags: ['privacy'], querystring: Type.Object({ from: Type.Optional(Iso), to: Type.Optional(Iso), format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, Strict) } },
    async (req, reply) => {
      requirePrivacyOfficer(principalOf(req).user);
      const to = isoOf(req.query.to, Date.now());
      const from = isoOf(req.query.from, Date.parse(to) - 84 * 86_400_000);
      if (from >= to) throw new AppError(400, 'invalid_request', 'from must be before to');
      const posture = await buildPosture(ctx.readDb, { from, to });
      if (req.query.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="posture.csv"').send(postureCsv(posture));
      }
      return posture;
    },
  );
}
