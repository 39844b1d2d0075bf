/**
 * pino logger with redaction of credentials and message bodies
 * (https://getpino.io/#/docs/redaction). Requests are logged by their route pattern
 * (`/api/v1/vault/tokens/:token`), never by their URL: ids, tokens and search terms in paths or
 * query strings stay out of the logs; a request that matched no route logs `(unmatched)`.
 */
import pino, { type Logger } from 'pino';

/** Paths removed from every log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.apiToken',
  '*.text',
  '*.body',
  'password',
  'token',
  'text',
  'body',
  // reveal answers and requests (issue 4): the revealed value and the justification
  '*.value',
  '*.justification',
  'value',
  'justification',
];

/** What the request serializer reads: a Fastify request (with its matched route) or a bare Node request. */
interface LoggedRequest {
  id?: string;
  method?: string;
  routeOptions?: { url?: string };
}

/** The matched route pattern of `req`, e.g. `/api/v1/channels/:id/messages`; `(unmatched)` otherwise. */
export function routePatternOf(req: LoggedRequest): string {
  const url = req.routeOptions?.url;
  return typeof url === 'string' && url.length > 0 ? url : UNMATCHED;
}

/** Logged in place of the path of a request that matched no route (its URL may hold anything). */
export const UNMATCHED = '(unmatched)';

/** Creates the root logger at `level`, writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: LoggedRequest) => ({ id: req.id, method: req.method, url: routePatternOf(req) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
