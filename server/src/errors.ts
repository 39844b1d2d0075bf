/**
 * Application errors and their one mapping to HTTP. Every error answer is
 * `{ "error": { "code", "message", ...extra } }` with a stable snake_case `code`.
 * Stack traces and request bodies never reach a client.
 */
import type { FastifyError, FastifyInstance } from 'fastify';

/** An expected error with an HTTP status, a stable code and a safe message (no personal data). */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Shorthand for `404 not_found`. */
export const notFound = (what = 'Not found'): AppError => new AppError(404, 'not_found', what);

const CODES_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Registers the single error handler on `app` (the JSON 404 handler lives in `app.ts`). */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    if ((err as FastifyError).validation) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: err.message } });
    }
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = CODES_BY_STATUS[status] ?? 'invalid_request';
      const message = status === 413 ? 'Request body is too large' : status === 400 ? 'Malformed request' : err.message;
      return reply.status(status).send({ error: { code, message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal server error' } });
  });
}
