/**
 * Red team 6 (issue 10): the message post reads channel, membership and archive state once,
 * before the guard, and takes the append lock only at its first event insert. Another node's
 * change committed in between (the author or a notified member removed, the channel archived,
 * the thread root deleted) is not seen by the post, which then lands as if the change had not
 * happened — the old order (lock first, 1b6ef16) serialised them. PostgreSQL only (SQLite has
 * one writer), so this file starts its own throw-away PostgreSQL whatever the run's `DATABASE_URL`.
 *
 * The interleaving is made deterministic with the append lock itself: a third transaction holds
 * it; "node B" (a second writer on the same database) makes its change and queues for the lock;
 * then the post (node A, a third writer, `createMessage` with the server's guard) runs up to its
 * own wait for the lock, behind B; the holder lets go, B commits, then A continues.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { MessageJson } from '../presenters/message.ts';
import { createMessage, deleteMessage } from '../services/chat/messages.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockEventLog } from '../events.ts';
import { setArchived } from '../services/chat/channel-lifecycle.ts';
import { removeMember } from '../services/chat/channels.ts';
import { putChannelSettings } from '../services/notifications/settings.ts';
import { startPostgres, type TestPostgres } from '../test/postgres.ts';
import { makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { Writer, type UnitOfWork } from '../unit-of-work.ts';

let pg: TestPostgres;
let srv: TestServer;
let nodeA: Writer;
let nodeB: Writer;
let owner: TestUser;

beforeAll(async () => {
  pg = await startPostgres();
  srv = await startServer({}, { DATABASE_URL: pg.url });
  nodeA = new Writer(srv.ctx.db, () => undefined);
  nodeB = new Writer(srv.ctx.db, () => undefined);
  owner = await makeUser(srv, { role: 'admin' });
}, 150_000);

afterAll(async () => {
  await srv?.close();
  await pg?.stop();
});

/** Holds the append lock in a transaction of its own until the returned function is called. */
async function holdAppendLock(): Promise<() => Promise<void>> {
  let letGo!: () => void;
  const released = new Promise<void>((r) => (letGo = r));
  let held!: () => void;
  const isHeld = new Promise<void>((r) => (held = r));
  const done = srv.ctx.db.transaction().execute(async (trx) => {
    await lockEventLog(trx);
    held();
    await released;
  });
  await isHeld;
  return async () => {
    letGo();
    await done;
  };
}

async function backendPid(db: Kysely<Database>): Promise<number> {
  return (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]?.pid ?? -1;
}

/** Waits until the backend `pid` (once known) waits for the append lock (an advisory lock). */
async function waitsForAppendLock(who: string, pid: Promise<number>): Promise<void> {
  const p = await pid;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const waits = (await sql<{ locktype: string }>`SELECT locktype FROM pg_locks WHERE pid = ${p} AND NOT granted`.execute(srv.ctx.db)).rows;
    if (waits.some((w) => w.locktype === 'advisory')) return;
    if (Date.now() > deadline) {
      const blockers = (await sql<{ pid: number; query: string }>`SELECT pid, query FROM pg_stat_activity WHERE pid = ANY(pg_blocking_pids(${p}))`.execute(srv.ctx.db)).rows;
      const own = (await sql<{ query: string }>`SELECT query FROM pg_stat_activity WHERE pid = ${p}`.execute(srv.ctx.db)).rows;
      throw new Error(`${who}: backend ${p} (${JSON.stringify(own)}) does not wait for the append lock: ${JSON.stringify(waits)}, blocked by ${JSON.stringify(blockers)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Runs `change` on node B and a post by `poster` on node A, ordered B-then-A at the append lock,
 * A having made its reads before B committed. Returns the post's outcome (the message, or the error).
 */
async function postDuringChange(
  change: (uow: UnitOfWork) => Promise<unknown>,
  poster: TestUser,
  channelId: string,
  text: string,
  threadRootId?: string,
): Promise<MessageJson | AppError> {
  const release = await holdAppendLock();
  let bPid!: (pid: number) => void;
  const bKnown = new Promise<number>((r) => (bPid = r));
  const changed = nodeB.write(async (uow) => {
    bPid(await backendPid(uow.db));
    return change(uow);
  });
  await waitsForAppendLock('node B', bKnown);
  let aPid!: (pid: number) => void;
  const aKnown = new Promise<number>((r) => (aPid = r));
  const posting = nodeA
    .write(async (uow) => {
      aPid(await backendPid(uow.db));
      return (await createMessage(uow, { guard: srv.ctx.guard }, { id: poster.id, role: poster.role }, { channelId, text, ...(threadRootId ? { threadRootId } : {}) })).message;
    })
    .catch((err: unknown) => {
      if (err instanceof AppError) return err;
      throw err;
    });
  await Promise.race([waitsForAppendLock('node A', aKnown), posting.then((r) => Promise.reject(new Error(`the post ended before waiting for the lock: ${String(r instanceof AppError ? r.code : r.id)}`)))]);
  await release();
  await changed;
  return posting;
}

async function messagesBy(channelId: string, authorId: string): Promise<number> {
  const rows = await srv.ctx.db.selectFrom('messages').select('id').where('channel_id', '=', channelId).where('author_id', '=', authorId).execute();
  return rows.length;
}

describe('a post racing another node on PostgreSQL', () => {
  it('by a member removed meanwhile is refused (404), nothing stored — it landed as a non-member', async () => {
    const ada = await makeUser(srv);
    const ch = await makeChannel(srv, owner, { members: [ada] });
    const caller = { id: owner.id, role: owner.role, name: owner.name };
    const res = await postDuringChange((uow) => removeMember(uow, caller, ch.id, ada.id), ada, ch.id, 'posted while being removed');
    expect(res).toBeInstanceOf(AppError);
    expect((res as AppError).status).toBe(404);
    expect(await messagesBy(ch.id, ada.id)).toBe(0);
  }, 60_000);

  it('to a channel archived meanwhile is refused (409 channel_archived), nothing stored — it landed in the read-only channel', async () => {
    const ada = await makeUser(srv);
    const ch = await makeChannel(srv, owner, { members: [ada] });
    const caller = { id: owner.id, role: owner.role, name: owner.name };
    const res = await postDuringChange((uow) => setArchived(uow, caller, ch.id, true), ada, ch.id, 'posted while archiving');
    expect(res).toBeInstanceOf(AppError);
    expect((res as AppError).code).toBe('channel_archived');
    expect(await messagesBy(ch.id, ada.id)).toBe(0);
  }, 60_000);

  it('a member on level "all" removed meanwhile gets no notification — they got its text after leaving', async () => {
    const ada = await makeUser(srv);
    const bob = await makeUser(srv);
    const ch = await makeChannel(srv, owner, { members: [ada, bob] });
    await putChannelSettings(srv.ctx.db, bob.id, ch.id, { level: 'all' });
    const caller = { id: owner.id, role: owner.role, name: owner.name };
    const res = await postDuringChange((uow) => removeMember(uow, caller, ch.id, bob.id), ada, ch.id, 'news for everyone here');
    expect(res).not.toBeInstanceOf(AppError);
    const notes = await srv.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', bob.id).where('channel_id', '=', ch.id).execute();
    expect(notes).toHaveLength(0);
    const events = await srv.ctx.db.selectFrom('events').select('seq').where('user_id', '=', bob.id).where('type', '=', 'notification.created').execute();
    expect(events).toHaveLength(0);
  }, 60_000);

  it('replying to a thread whose root was deleted meanwhile is refused (400 invalid_thread_root) — the reply landed under the deleted root', async () => {
    const ada = await makeUser(srv);
    const bob = await makeUser(srv);
    const ch = await makeChannel(srv, owner, { members: [ada, bob] });
    const root = await post(srv, bob, ch.id, 'a thread about to go');
    const res = await postDuringChange((uow) => deleteMessage(uow, { id: bob.id, role: bob.role }, root.id), ada, ch.id, 'my answer', root.id);
    expect(res).toBeInstanceOf(AppError);
    expect((res as AppError).code).toBe('invalid_thread_root');
    expect(await messagesBy(ch.id, ada.id)).toBe(0);
  }, 60_000);
});
