/**
 * `GET /api/v1/stream?since=SEQ` (WebSocket, RFC 6455). Authenticated like any request (cookie
 * with Origin check, or bearer). Protocol (docs/api.md, "Stream"): first `{type:"hello",seq:S}`
 * where S is the latest event seq at connect time; with `since`, the events with
 * `since < seq ≤ S` the user may see are replayed; then live events with `seq > S`. Live events
 * arriving during the replay are buffered and de-duplicated by seq, so there is no gap and no
 * duplicate. A `since` beyond the latest seq, or more than `limits.replayMax` events behind, gets
 * `{type:"reset"}` (reload); so does a `since` older than pruned events of the user's scopes
 * (`{type:"reset",reason:"pruned"}`, see `services/chat/event-retention.ts`). Client frames: `{"type":"ping"}` → `{"type":"pong"}`; anything else
 * gets `{type:"error",code:"unexpected_frame"}` and a 1008 close.
 *
 * Bounds: a socket slot is reserved before the upgrade completes (`Hub.reserve`, released when
 * the socket registers or the request ends); every frame sent, pongs and replays included, goes
 * through the slow-reader limit (`Hub.sendFrame`); the replay is read in pages.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { frameOf } from '../events.ts';
import { principalOf } from '../http/auth.ts';
import { QueryInt, Strict, type Api } from '../routes/types.ts';
import { CLOSE, StreamClient } from './hub.ts';
import { credentialLive } from '../services/auth/credential-live.ts';
import { prunedUpTo } from '../services/chat/event-retention.ts';
import type { SocketLease } from '../ops/socket-leases.ts';

const PONG = Buffer.from('{"type":"pong"}');
const RESET = Buffer.from('{"type":"reset"}');
/** The cursor is older than the retained event log (events after it were pruned): reload. */
const RESET_PRUNED = Buffer.from('{"type":"reset","reason":"pruned"}');
const UNEXPECTED = Buffer.from('{"type":"error","code":"unexpected_frame","message":"Only {\\"type\\":\\"ping\\"} frames are accepted"}');
/** Replayed events read from the database per query. */
const REPLAY_PAGE = 200;

/** Releases of the socket slots reserved by upgrades in progress. */
const reservations = new WeakMap<FastifyRequest, () => void>();
const release = (req: FastifyRequest): void => reservations.get(req)?.();
/** Cross-node socket leases of upgrades (released when the socket closes). */
const leases = new WeakMap<FastifyRequest, SocketLease>();
const upgraded = new WeakSet<FastifyRequest>();

export function streamRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/stream',
    {
      websocket: true,
      schema: { tags: ['stream'], querystring: Type.Object({ since: Type.Optional(QueryInt) }, Strict) },
      preValidation: async (req) => {
        const p = principalOf(req);
        const slot = ctx.hub.reserve(p.user.id, ctx.limits.maxSocketsPerUser);
        if (!slot) throw new AppError(429, 'too_many_sockets', 'Too many open streams for this user');
        // Released when the socket registers or fails to open, when the request is answered
        // without an upgrade (onResponse), or when its connection goes away first.
        const conn = req.raw.socket;
        const free = (): void => {
          conn.removeListener('close', free);
          slot();
        };
        conn.once('close', free);
        reservations.set(req, free);
        // across nodes (Redis): a lease held while the socket is open
        const lease = await ctx.socketLeases.acquire(p.user.id, ctx.limits.maxSocketsPerUser);
        if (!lease) {
          free();
          throw new AppError(429, 'too_many_sockets', 'Too many open streams for this user');
        }
        leases.set(req, lease);
        if (conn.destroyed) lease.release();
        else conn.once('close', () => lease.release());
      },
      // answered without an upgrade (refused, or not a WebSocket request): no socket holds the lease
      onResponse: async (req) => {
        release(req);
        if (!upgraded.has(req)) leases.get(req)?.release();
      },
    },
    (socket, req) => {
      const p = principalOf(req);
      upgraded.add(req);
      const lease = leases.get(req);
      if (lease) socket.once('close', () => lease.release());
      const since = req.query.since === undefined ? undefined : Number(req.query.since);
      void openStream(ctx, socket, p.user.id, p.credentialId, since, req.log)
        .catch((err: unknown) => {
          req.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'stream: open failed');
          socket.terminate();
        })
        .finally(() => release(req));
    },
  );
}

/** True when `data` is exactly a `{"type":"ping"}` object. */
function isPing(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): boolean {
  if (isBinary) return false;
  const text = Buffer.isBuffer(data) ? data.toString() : Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data).toString();
  if (text === '{"type":"ping"}') return true;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'ping' && Object.keys(v).length === 1;
  } catch {
    return false;
  }
}

async function openStream(ctx: AppContext, ws: WebSocket, userId: string, credentialId: string, since: number | undefined, log: FastifyBaseLogger): Promise<void> {
  const client = new StreamClient(ws, userId, credentialId);
  ws.on('message', (data, isBinary) => {
    if (isPing(data, isBinary)) {
      ctx.hub.sendFrame(client, PONG);
      return;
    }
    log.debug({ userId }, 'stream: unexpected client frame');
    ctx.hub.sendFrame(client, UNEXPECTED);
    ctx.hub.close(client, CLOSE.policy, 'unexpected frame');
  });
  ws.on('pong', (data) => ctx.hub.pong(client, data));
  ws.on('close', () => ctx.hub.unregister(client));
  ws.on('error', () => ctx.hub.close(client, CLOSE.policy, 'socket error'));

  // Snapshot between writes: re-check the credential, register, subscribe, read the latest seq.
  // (Between writes the read connection sees every committed write, and no `sessions_ended`
  // event can be dispatched until the socket is registered.)
  const snapshot = await ctx.exclusive(async () => {
    if (ws.readyState !== ws.OPEN || client.closed) return null;
    if (!(await credentialLive(ctx.readDb, userId, credentialId))) {
      ws.close(CLOSE.sessionEnded, 'session ended');
      return null;
    }
    ctx.hub.register(client);
    const channels = await ctx.readDb.selectFrom('channel_members').select('channel_id').where('user_id', '=', userId).execute();
    for (const c of channels) ctx.hub.subscribe(client, c.channel_id);
    const top = await ctx.readDb.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return { latest: Number(top?.seq ?? 0), channels: channels.map((c) => c.channel_id) };
  });
  if (!snapshot || client.closed) return;
  if (!ctx.hub.sendFrame(client, JSON.stringify({ type: 'hello', seq: snapshot.latest }))) return;
  if (since !== undefined && since > snapshot.latest) {
    // A cursor from the future (e.g. another database): the client must reload.
    if (!ctx.hub.sendFrame(client, RESET)) return;
  } else if (since !== undefined && since < snapshot.latest) {
    if (!(await replay(ctx, client, since, snapshot.latest, snapshot.channels))) return;
  }
  client.lastSeq = snapshot.latest;
  ctx.hub.goLive(client);
}

/** Replays events `since < seq ≤ latest` in pages; false when the socket closed on the way. */
async function replay(ctx: AppContext, client: StreamClient, since: number, latest: number, channels: string[]): Promise<boolean> {
  const visible = (from: number) =>
    ctx.readDb
      .selectFrom('events')
      .where('seq', '>', from)
      .where('seq', '<=', latest)
      .where((eb) => {
        const ors = [eb('user_id', '=', client.userId)];
        if (channels.length > 0) ors.push(eb('channel_id', 'in', channels));
        return eb.or(ors);
      });
  if ((await prunedUpTo(ctx.readDb, client.userId, channels)) > since) return ctx.hub.sendFrame(client, RESET_PRUNED);
  const over = await visible(since).select('seq').orderBy('seq').offset(ctx.limits.replayMax).limit(1).executeTakeFirst();
  if (over) return ctx.hub.sendFrame(client, RESET);
  let cursor = since;
  for (;;) {
    const rows = await visible(cursor).select(['seq', 'payload']).orderBy('seq').limit(REPLAY_PAGE).execute();
    for (const r of rows) {
      if (!ctx.hub.sendFrame(client, frameOf(r.seq, r.payload))) return false;
      cursor = r.seq;
    }
    if (rows.length < REPLAY_PAGE) return !client.closed;
  }
}
