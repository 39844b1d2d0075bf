/**
 * Operations endpoints: `GET /readyz` (readiness for a load balancer) and `GET /metrics`
 * (Prometheus text format), plus the hook that times every request by its route pattern.
 *
 * `/metrics` answers only (a) requests with `Authorization: Bearer <ENCLAVE_METRICS_TOKEN>` when
 * that variable is set, or (b) when it is unset, connections from the loopback interface (a
 * scraper on the same machine). Behind a reverse proxy on the same machine every request comes
 * from loopback unless that proxy is listed in `ENCLAVE_TRUST_PROXY` (then the address it
 * forwards counts): list it, set the token, or do not proxy `/metrics`.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Migrator, sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { AppError } from '../errors.ts';
import { routePatternOf } from '../logger.ts';

/** Longest a readiness check may take before it counts as failed, ms. */
export const READY_TIMEOUT_MS = 2000;

const withTimeout = <T>(p: Promise<T>, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });

/**
 * Checks what the node needs to serve: the database answers, every migration this code knows is
 * applied, and Redis answers when configured. Resolves with the failed check's code and message,
 * or null when ready. Never throws.
 */
export async function readiness(ctx: AppContext): Promise<{ code: string; message: string } | null> {
  try {
    await withTimeout(sql`select 1`.execute(ctx.readDb), 'the database');
  } catch {
    return { code: 'database_unavailable', message: 'The database does not answer' };
  }
  try {
    const known = await withTimeout(new Migrator({ db: ctx.readDb, provider: { getMigrations: async () => MIGRATIONS } }).getMigrations(), 'the database');
    const pending = known.filter((m) => m.executedAt === undefined).length;
    if (pending > 0) return { code: 'migrations_pending', message: `${pending} database migration(s) not applied (run bin/enclave db migrate)` };
  } catch {
    return { code: 'migrations_pending', message: 'The migration state cannot be read' };
  }
  if (ctx.config.redisUrl) {
    try {
      await withTimeout(ctx.fanout.ping(), 'Redis');
    } catch {
      return { code: 'redis_unavailable', message: 'Redis does not answer' };
    }
  }
  return null;
}

const sha = (s: string): Buffer => createHash('sha256').update(s).digest();

/** True when `req` may read `/metrics` (see the module comment). */
export function metricsAllowed(req: FastifyRequest, token: string | undefined): boolean {
  if (token !== undefined) {
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    return timingSafeEqual(sha(given), sha(token));
  }
  // the client's address: behind a trusted proxy (ENCLAVE_TRUST_PROXY) the one it forwarded, so a
  // request relayed by a proxy on this machine is not taken for a loopback connection
  const ip = req.ip;
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/** Registers `/readyz`, `/metrics` and the request-metrics hook. */
export function registerOps(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onResponse', async (req, reply) => {
    ctx.metrics.observeRequest(req.method, routePatternOf(req), reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const failed = await readiness(ctx);
    if (failed) throw new AppError(503, failed.code, failed.message);
    return reply.send({ status: 'ready' });
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!metricsAllowed(req, ctx.config.metricsToken)) {
      throw ctx.config.metricsToken
        ? new AppError(401, 'unauthenticated', 'GET /metrics needs Authorization: Bearer <ENCLAVE_METRICS_TOKEN>')
        : new AppError(403, 'forbidden', 'GET /metrics answers only loopback connections (or set ENCLAVE_METRICS_TOKEN)');
    }
    const { contentType, body } = await ctx.metrics.render();
    return reply.header('content-type', contentType).send(body);
  });
}
