/**
 * `buildApp(ctx)`: the Fastify instance with every plugin, hook and route, not listening.
 * Request path: validation (TypeBox/Ajv, unknown fields → 400) → authentication (onRequest) →
 * route → service → presenter; errors mapped once in `errors.ts`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyCompress from '@fastify/compress';
import fastifyWebsocket from '@fastify/websocket';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HttpLimits } from './config/index.ts';
import type { AppContext } from './context.ts';
import { AppError, frameworkErrorHandler, registerErrorHandlers } from './errors.ts';
import { checkCsrf, checkPasswordChange, resolvePrincipal } from './http/auth.ts';
import { registerWebApp } from './http/web-static.ts';
import { urlHasNul, wellFormedJson } from './http/well-formed.ts';
import { newId } from './ids.ts';
import { registerOps } from './ops/routes.ts';
import { streamRoutes } from './realtime/stream-route.ts';
import { analyzeRoutes } from './routes/analyze/index.ts';
import { auditRoutes } from './routes/audit/index.ts';
import { authRoutes } from './routes/auth/index.ts';
import { channelRoutes } from './routes/channels/index.ts';
import { intakeRoutes } from './routes/intake/index.ts';
import { caseRoutes } from './routes/cases/index.ts';
import { subjectRoutes } from './routes/subjects/index.ts';
import { integrationRoutes } from './routes/integrations/index.ts';
import { hashListRoutes } from './routes/hashlists/index.ts';
import { messageRoutes } from './routes/messages/index.ts';
import { privacyRoutes } from './routes/privacy/index.ts';
import { revealRoutes } from './routes/reveal/index.ts';
import { userRoutes } from './routes/users/index.ts';
import { hookRoutes, webhookAdminRoutes } from './routes/webhooks/index.ts';
import { postureRoutes } from './routes/posture/index.ts';
import { fileRoutes } from './routes/files/index.ts';
import { quarantineRoutes } from './routes/files/quarantine.ts';
import { notificationRoutes } from './routes/notifications/index.ts';
import type { Api } from './routes/types.ts';

/** Largest accepted request body, bytes. */
export const BODY_LIMIT = 1024 * 1024;

/** Content-Security-Policy of every non-docs answer (no inline scripts). */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export interface BuildOptions {
  /** Folder of the web workspace; its `dist/` is served when present. */
  webRoot?: string;
}

/**
 * Fastify/Node options that bound slow clients (slow-loris headers or bodies, idle keep-alive):
 * `requestTimeout`/`keepAliveTimeout` are Fastify's own options; `headersTimeout` and the check
 * interval go to `http.createServer`. Node answers an overdue request 408 and closes it.
 */
export function serverLimits(l: HttpLimits): { requestTimeout: number; keepAliveTimeout: number; http: { headersTimeout: number; connectionsCheckingInterval: number } } {
  return {
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    http: { headersTimeout: l.headersTimeoutMs, connectionsCheckingInterval: l.checkIntervalMs },
  };
}

/** Builds the app on `ctx`. */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    genReqId: () => newId(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
    forceCloseConnections: false,
    // Requests that arrive while closing get our own 503 (the hook below), in the JSON error shape.
    return503OnClosing: false,
    frameworkErrors: frameworkErrorHandler,
    // X-Forwarded-For is believed only from the listed proxies (ENCLAVE_TRUST_PROXY); none by default
    trustProxy: ctx.config.trustProxy.length > 0 ? ctx.config.trustProxy : false,
    ...serverLimits(ctx.config.http),
  });
  app.server.maxConnections = ctx.config.http.maxConnections;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandlers(app);

  // Only JSON bodies are accepted: a text/plain body would otherwise be parsed to a string and answer 400.
  // Strings are made well-formed UTF-16 (lone surrogates → U+FFFD) before validation and the guard.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, wellFormedJson(JSON.parse(text), text));
    } catch {
      done(new AppError(400, 'invalid_json', 'Malformed JSON body'), undefined);
    }
  });

  await app.register(fastifyCookie);
  // multipart/form-data only for uploads (routes/files); parts are read by the route, limits set there
  await app.register(fastifyMultipart, { limits: { fileSize: ctx.media.deps.settings.maxBytes, files: 1, parts: 3 } });
  registerCompression(app);
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 4096, perMessageDeflate: false },
    // A malformed frame (bad UTF-8, oversized, unmasked) is the client's fault: `ws` already
    // answers with the RFC 6455 close code; log one line at warn, without a stack trace.
    errorHandler: (err, socket, req) => {
      // Not under `err`: pino's error serializer would add the stack.
      req.log.warn({ frameError: err.message, code: (err as { code?: unknown }).code }, 'stream: malformed frame');
      setTimeout(() => socket.terminate(), 2000).unref();
    },
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Enclave API', version: '1' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'enclave_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new AppError(503, 'shutting_down', 'The server is shutting down; try again shortly');
  });

  // A NUL decoded from the URL would reach the database as an id or a search term (PostgreSQL refuses it: 500).
  app.addHook('onRequest', async (req) => {
    if (urlHasNul(req.url)) throw new AppError(400, 'invalid_url', 'The request URL is not valid (it holds a NUL character)');
  });

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = null;
    if (!req.url.startsWith('/api/v1/') || req.routeOptions.url === undefined) return;
    if (req.routeOptions.config.public) {
      checkCsrf(ctx, req, null);
      return;
    }
    const principal = await resolvePrincipal(ctx, req);
    if (!principal) throw new AppError(401, 'unauthenticated', 'Sign in first');
    checkCsrf(ctx, req, principal);
    checkPasswordChange(req, principal);
    req.principal = principal;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/api/docs') && !reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  registerOps(app, ctx);

  await api.register(
    async (v1) => {
      const r = v1 as unknown as Api;
      authRoutes(r, ctx);
      userRoutes(r, ctx);
      channelRoutes(r, ctx);
      messageRoutes(r, ctx);
      streamRoutes(r, ctx);
      revealRoutes(r, ctx);
      analyzeRoutes(r, ctx);
      privacyRoutes(r, ctx);
      auditRoutes(r, ctx);
      intakeRoutes(r, ctx);
      caseRoutes(r, ctx);
      subjectRoutes(r, ctx);
      integrationRoutes(r, ctx);
      hashListRoutes(r, ctx);
      webhookAdminRoutes(r, ctx);
      postureRoutes(r, ctx);
      fileRoutes(r, ctx);
      quarantineRoutes(r, ctx);
      notificationRoutes(r, ctx);
    },
    { prefix: '/api/v1' },
  );

  hookRoutes(app, ctx);

  const web = opts.webRoot ? await registerWebApp(app, opts.webRoot) : false;
  app.setNotFoundHandler((req, reply) => {
    const wantsHtml = (req.headers.accept ?? '').includes('text/html');
    if (web && req.method === 'GET' && !req.url.startsWith('/api') && wantsHtml) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'not_found', message: 'No such route' } });
  });
  return app;
}

/** Answers that carry a secret (revealed values) must not be compressed beside attacker-chosen text (BREACH). */
const NEVER_COMPRESSED = /\/reveal$/;

/** Whether answers of the route at `url` (a route pattern) may be compressed. */
export function mayCompress(url: string): boolean {
  return !NEVER_COMPRESSED.test(url);
}

/**
 * Route options for @fastify/compress (registered right after this, so this `onRoute` hook runs
 * first): gzip/brotli for web assets and JSON answers, except reveal answers (a raw value in a
 * compressed body whose size an observer can measure); compressed request bodies are refused
 * everywhere (no decompression bombs behind the body limit).
 */
function registerCompression(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const opts = route as typeof route & { compress?: false; decompress?: false };
    opts.decompress = false;
    if (!mayCompress(route.url)) opts.compress = false;
  });
}
