/**
 * pino logger with redaction of credentials and message bodies
 * (https://getpino.io/#/docs/redaction). Request URLs are logged without their query string
 * (search terms may hold personal data).
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

/** Creates the root logger at `level`, writing JSON lines to `destination` (stdout by default). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
