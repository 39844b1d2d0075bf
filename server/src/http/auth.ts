/**
 * Request authentication: `Authorization: Bearer <token>` (scripts; no CSRF check) or the
 * `enclave_session` cookie (browser; state-changing requests must carry `X-CSRF-Token` equal to
 * the `enclave_csrf` cookie and to the session's token, and an `Origin`, when present, equal to
 * the server's own origin — OWASP CSRF Prevention Cheat Sheet, double-submit + origin check).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { AppContext } from '../context.ts';
import type { UsersTable } from '../db/schema/chat.ts';
import { AppError } from '../errors.ts';
import { resolveApiToken } from '../services/auth/api-tokens.ts';
import { safeEqual } from '../services/auth/secrets.ts';
import { resolveSession, type NewSession } from '../services/auth/sessions.ts';

export const SESSION_COOKIE = 'enclave_session';
export const CSRF_COOKIE = 'enclave_csrf';

/** Who is calling. `credentialId` is the session id or API token id (used to close their sockets). */
export interface Principal {
  user: Selectable<UsersTable>;
  via: 'cookie' | 'bearer';
  credentialId: string;
  csrfToken: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Route needs no principal (setup, sign-in, health). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Resolves the principal of `req` (null when no valid credential). */
export async function resolvePrincipal(ctx: AppContext, req: FastifyRequest): Promise<Principal | null> {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.length > 0) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw new AppError(401, 'unauthenticated', 'Malformed Authorization header');
    const found = await resolveApiToken(ctx.readDb, m[1], ctx.db);
    if (!found) throw new AppError(401, 'unauthenticated', 'Invalid, revoked or expired token');
    return { user: found.user, via: 'bearer', credentialId: found.token.id, csrfToken: null };
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const found = await resolveSession(ctx.readDb, cookie, ctx.limits.sessionTtlMs, ctx.db);
  if (!found) return null;
  return { user: found.user, via: 'cookie', credentialId: found.session.id, csrfToken: found.session.csrf_token };
}

/** True when `origin` is the configured public origin or the origin the request was addressed to. */
export function originAllowed(ctx: AppContext, req: FastifyRequest, origin: string): boolean {
  if (origin === ctx.config.publicUrl) return true;
  const host = req.headers.host;
  return typeof host === 'string' && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Throws `403 csrf_failed` when a cookie request's Origin or CSRF token is wrong. */
export function checkCsrf(ctx: AppContext, req: FastifyRequest, principal: Principal | null): void {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && !originAllowed(ctx, req, origin)) {
    throw new AppError(403, 'csrf_failed', 'Cross-origin request refused');
  }
  if (SAFE_METHODS.has(req.method) || !principal || principal.via !== 'cookie') return;
  const header = req.headers['x-csrf-token'];
  const cookie = req.cookies[CSRF_COOKIE];
  if (typeof header !== 'string' || !cookie || !principal.csrfToken || !safeEqual(header, cookie) || !safeEqual(header, principal.csrfToken)) {
    throw new AppError(403, 'csrf_failed', 'Missing or wrong CSRF token');
  }
}

/** Routes a user with an admin-issued temporary password may still call (route patterns). */
export const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/v1/me', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

/**
 * Throws `403 password_change_required` when `principal` still has an admin-issued temporary
 * password (`users.must_change_password`) and the route is not one of {@link PASSWORD_CHANGE_ROUTES}.
 */
export function checkPasswordChange(req: FastifyRequest, principal: Principal): void {
  if (principal.user.must_change_password !== 1) return;
  if (PASSWORD_CHANGE_ROUTES.has(`${req.method} ${req.routeOptions.url ?? ''}`)) return;
  throw new AppError(403, 'password_change_required', 'Set your own password first: the current one was issued by an administrator');
}

/** The principal of an authenticated route (set by the onRequest hook). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return req.principal;
}

/** Sets the session and CSRF cookies for a new session. */
export function setSessionCookies(ctx: AppContext, reply: FastifyReply, session: NewSession): void {
  const secure = ctx.config.publicUrl.startsWith('https:');
  const maxAge = Math.floor(ctx.limits.sessionTtlMs / 1000);
  reply.setCookie(SESSION_COOKIE, session.secret, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, sameSite: 'lax', secure, path: '/', maxAge });
}

/** Clears both cookies. */
export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
