/**
 * Application errors and their one mapping to HTTP. Every error answer is
 * `{ "error": { "code", "message", ...extra } }` with a stable snake_case `code`.
 * Stack traces and request bodies never reach a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db/postgres.ts';

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
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Safe fixed messages for framework errors (never the request path, body or a header value). */
const MESSAGES_BY_STATUS: Record<number, string> = {
  400: 'Malformed request',
  401: 'Sign in first',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  413: 'Request body is too large',
  414: 'The request URL or one of its path segments is too long',
  415: 'Only application/json request bodies are accepted',
  429: 'Too many requests',
};

/** The JSON error body of `status` with a fixed code and message. */
export function errorBody(status: number, code?: string): { error: { code: string; message: string } } {
  return { error: { code: code ?? CODES_BY_STATUS[status] ?? 'invalid_request', message: MESSAGES_BY_STATUS[status] ?? 'Malformed request' } };
}

/**
 * Fastify's `frameworkErrors` option: a URL that cannot be decoded (`%ff`, FST_ERR_BAD_URL →
 * 400 `invalid_url`) or a path parameter over the router's maximum length
 * (FST_ERR_MAX_PARAM_LENGTH → 414 `uri_too_long`) answer the usual JSON error shape, without
 * echoing the path.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send(errorBody(414, 'uri_too_long'));
  } else if (err.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send({ error: { code: 'invalid_url', message: 'The request URL is not valid (bad percent-encoding)' } });
  } else {
    void reply.status(500).send({ error: { code: 'internal_error', message: 'Internal server error' } });
  }
}

/** Registers the single error handler on `app` (the JSON 404 handler lives in `app.ts`). */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 503) void reply.header('retry-after', '1');
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    if ((err as FastifyError).validation) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: err.message } });
    }
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.status(status).send(errorBody(status));
    }
    if (isDatabaseUnavailable(err)) {
      // a lost or refused database connection (restart, failover): clear, retryable, no stack in the log
      req.log.warn({ err: { message: err.message } }, 'database unavailable');
      return reply.status(503).header('retry-after', '1').send({ error: { code: 'database_unavailable', message: 'The database is unavailable; try again shortly' } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal server error' } });
  });
}
