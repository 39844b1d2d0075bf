/**
 * `GET /api/v1/stream?since=SEQ` (WebSocket, RFC 6455). Authenticated like any request (cookie
 * with Origin check, or bearer). Protocol (docs/api.md, "Stream"): first `{type:"hello",seq:S}`
 * where S is the latest event seq at connect time; with `since`, the events with
 * `since < seq ≤ S` the user may see are replayed; then live events with `seq > S`. Live events
 * arriving during the replay are buffered and de-duplicated by seq, so there is no gap and no
 * duplicate. A `since` beyond the latest seq, or more than `limits.replayMax` events behind, gets
 * `{type:"reset"}` (reload). Client frames: `{"type":"ping"}` → `{"type":"pong"}`; anything else closes 1008.
 */
import { Type } from '@sinclair/typebox';
import type { WebSocket } from 'ws';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { frameOf } from '../events.ts';
import { principalOf } from '../http/auth.ts';
import { QueryInt, Strict, type Api } from '../routes/types.ts';
import { CLOSE, StreamClient } from './hub.ts';
import { credentialLive } from '../services/auth/credential-live.ts';

const PONG = Buffer.from('{"type":"pong"}');
const RESET = Buffer.from('{"type":"reset"}');

export function streamRoutes(api: Api, ctx: AppContext): void {
  api.get(
    '/stream',
    {
      websocket: true,
      schema: { tags: ['stream'], querystring: Type.Object({ since: Type.Optional(QueryInt) }, Strict) },
      preValidation: async (req) => {
        const p = principalOf(req);
        if (ctx.hub.count(p.user.id) >= ctx.limits.maxSocketsPerUser) throw new AppError(429, 'too_many_sockets', 'Too many open streams for this user');
      },
    },
    (socket, req) => {
      const p = principalOf(req);
      const since = req.query.since === undefined ? undefined : Number(req.query.since);
      void openStream(ctx, socket, p.user.id, p.credentialId, since).catch((err: unknown) => {
        ctx.logger.error({ err }, 'stream: open failed');
        socket.terminate();
      });
    },
  );
}

async function openStream(ctx: AppContext, ws: WebSocket, userId: string, credentialId: string, since: number | undefined): Promise<void> {
  const client = new StreamClient(ws, userId, credentialId);
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === '{"type":"ping"}') {
      ws.send(PONG, { binary: false });
      return;
    }
    let ok = false;
    if (!isBinary) {
      try {
        const v = JSON.parse(data.toString()) as unknown;
        ok = typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'ping' && Object.keys(v).length === 1;
      } catch {
        ok = false;
      }
    }
    if (ok) ws.send(PONG, { binary: false });
    else ctx.hub.close(client, CLOSE.policy, 'unexpected frame');
  });
  ws.on('pong', () => {
    client.alive = true;
  });
  ws.on('close', () => ctx.hub.unregister(client));
  ws.on('error', () => ctx.hub.close(client, CLOSE.policy, 'socket error'));

  // Snapshot between writes: re-check the credential, register, subscribe, read the latest seq.
  // (Between writes the read connection sees every committed write, and no `sessions_ended`
  // event can be dispatched until the socket is registered.)
  const snapshot = await ctx.exclusive(async () => {
    if (ws.readyState !== ws.OPEN) return null;
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
  ws.send(JSON.stringify({ type: 'hello', seq: snapshot.latest }));
  if (since !== undefined && since > snapshot.latest) {
    // A cursor from the future (e.g. another database): the client must reload.
    ws.send(RESET, { binary: false });
  } else if (since !== undefined && since < snapshot.latest) {
    const rows = await ctx.readDb
      .selectFrom('events')
      .select(['seq', 'payload'])
      .where('seq', '>', since)
      .where('seq', '<=', snapshot.latest)
      .where((eb) => {
        const ors = [eb('user_id', '=', userId)];
        if (snapshot.channels.length > 0) ors.push(eb('channel_id', 'in', snapshot.channels));
        return eb.or(ors);
      })
      .orderBy('seq')
      .limit(ctx.limits.replayMax + 1)
      .execute();
    if (rows.length > ctx.limits.replayMax) {
      ws.send(RESET, { binary: false });
    } else {
      for (const r of rows) {
        if (client.closed) return;
        ws.send(frameOf(r.seq, r.payload), { binary: false });
      }
    }
  }
  client.lastSeq = snapshot.latest;
  ctx.hub.goLive(client);
}
