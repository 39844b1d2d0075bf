/**
 * `POST /api/v1/intake/reports`: signed reports from a platform (PRODUCT.md, stable). Order of
 * checks: body size (1 MB, 413) → integration + signature over the raw bytes (401) → JSON depth
 * and schema (400) → intake in one unit (201 new case, 200 same report again). Every rejection is
 * an `intake.rejected` audit event (in the route's `onError` hook, its own transaction) and
 * nothing else is stored.
 */
import type { FastifyError } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent } from '../../services/audit/index.ts';
import { SignatureError, verifyIntakeSignature } from '../../services/cases/integrations.ts';
import { receiveReport } from '../../services/cases/intake.ts';
import { ReportSchema, parseReport } from '../../services/cases/report-schema.ts';
import { ErrorBody, type Api } from '../types.ts';
import { Type } from '@sinclair/typebox';

/** Largest report body, bytes. */
export const INTAKE_BODY_LIMIT = 1024 * 1024;

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function intakeRoutes(api: Api, ctx: AppContext): void {
  void api.register(async (scope) => {
    // The signature covers the exact bytes: keep them; parse only after the signature checks out.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: INTAKE_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post(
      '/intake/reports',
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { public: true },
        // Validated by `parseReport` after the signature check; the schema here documents the body.
        validatorCompiler: () => () => true,
        schema: {
          tags: ['intake'],
          summary: 'Receive a signed report from an integration',
          description:
            'Headers `X-Enclave-Integration: <id>` and `X-Enclave-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">`; timestamps more than 5 minutes off are refused.',
          headers: Type.Object({ 'x-enclave-integration': Type.Optional(Type.String()), 'x-enclave-signature': Type.Optional(Type.String()) }),
          body: ReportSchema,
          response: {
            200: Type.Object({ caseId: Type.String(), status: Type.String() }),
            201: Type.Object({ caseId: Type.String(), status: Type.String() }),
            400: ErrorBody,
            401: ErrorBody,
            413: ErrorBody,
          },
        },
        onError: async (req, reply, err: FastifyError | AppError) => {
          const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
          const code = err instanceof AppError ? err.code : status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request';
          const id = header(req.headers['x-enclave-integration']);
          const known = id !== undefined && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id);
          await appendAuditEvent(ctx.db, {
            actor: known ? `integration:${id}` : 'integration:unknown',
            action: 'intake.rejected',
            target: known ? `integration:${id}` : 'integration:unknown',
            outcome: 'denied',
            details: { status, code, ...(err instanceof SignatureError ? { reason: err.reason } : {}) },
          }).catch((e: unknown) => req.log.error({ err: e }, 'intake rejection audit failed'));
          void reply;
        },
      },
      async (req, reply) => {
        const raw = req.body as unknown;
        if (!Buffer.isBuffer(raw)) throw new AppError(400, 'invalid_request', 'A JSON body is required');
        const { integrationId } = await verifyIntakeSignature(ctx.db, ctx.privacy.vault.keys, {
          integrationId: header(req.headers['x-enclave-integration']),
          signature: header(req.headers['x-enclave-signature']),
          raw,
        });
        const report = parseReport(raw);
        const result = await ctx.write((uow) =>
          receiveReport(uow, { vault: ctx.privacy.vault, analyze: (t) => ctx.privacy.analyze(t), index: ctx.privacy.knownSubjects }, { integrationId, report }),
        );
        return reply.status(result.created ? 201 : 200).send({ caseId: result.caseId, status: result.status });
      },
    );
  });
}
