/**
 * Search over a history longer than the recent window of the PostgreSQL search
 * (`search-postgres.ts`, {@link RECENT_WINDOW}): hits only among the newest rows, only among older
 * rows, and split across both, with the caller's memberships, deleted messages and the `before`
 * cursor applied — checked against the list of what was seeded. Runs on SQLite (FTS5) under
 * `npm test` and on PostgreSQL (both search steps) under `npm run test:pg`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { indexMessageText } from './search.ts';
import { RECENT_WINDOW } from './search-postgres.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
let mine: string;
let other: string;
/** Seeded message ids by word, oldest first; only live messages of `mine`. */
const expected = new Map<string, string[]>();
const TOTAL = RECENT_WINDOW + 1500;

/** The word(s) of message `i` (0 = oldest) and whether it is deleted or in the channel ada is not in. */
function plan(i: number): { words: string[]; deleted: boolean; inOther: boolean } {
  const words: string[] = [];
  if (i % 3 === 0) words.push('review');
  if ([10, 400, 900].includes(i)) words.push('quokka'); // old only
  if (i === 500) words.push('quokka'); // old, but deleted
  if (i === 700) words.push('quokka'); // old, but in a channel ada is not in
  if ([20, 30, 40, TOTAL - 5, TOTAL - 50].includes(i)) words.push('walrus'); // old and recent
  return { words, deleted: i === 500, inOther: i === 700 };
}

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv);
  bob = await makeUser(srv);
  mine = (await makeChannel(srv, ada, { members: [bob] })).id;
  other = (await makeChannel(srv, bob)).id;
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  for (let from = 0; from < TOTAL; from += 500) {
    const rows = [];
    for (let i = from; i < Math.min(from + 500, TOTAL); i++) {
      const p = plan(i);
      const id = `01SEARCHDEEP${String(i).padStart(14, '0')}`;
      rows.push({
        id,
        channel_id: p.inOther ? other : mine,
        author_id: p.inOther ? bob.id : ada.id,
        text: `note ${i} ${p.words.join(' ')}`.trim(),
        entities: '[]',
        mentions: '[]',
        thread_root_id: null,
        client_msg_id: null,
        reply_count: 0,
        last_reply_at: null,
        created_at: new Date(t0 + i * 1000).toISOString(),
        edited_at: null,
        deleted_at: p.deleted ? new Date(t0 + i * 1000 + 1).toISOString() : null,
      });
      if (!p.deleted && !p.inOther) for (const w of p.words) expected.set(w, [...(expected.get(w) ?? []), id]);
    }
    const made = await srv.ctx.db.insertInto('messages').values(rows).returning(['pk', 'text', 'deleted_at']).execute();
    for (const r of made) if (r.deleted_at === null) await indexMessageText(srv.ctx.db, r.pk, r.text);
  }
}, 300_000);
afterAll(() => srv?.close());

type Found = { results: Array<{ message: { id: string } }>; hasMore: boolean };
const search = async (q: string, extra = ''): Promise<Found> => {
  const r = await call<Found>(srv, ada.token, 'GET', `/api/v1/search?q=${q}${extra}`);
  expect(r.status).toBe(200);
  return r.body;
};
const newestFirst = (w: string): string[] => [...(expected.get(w) ?? [])].reverse();

describe(`search over ${TOTAL} messages`, () => {
  it('a word only in old messages: every visible hit, newest first (not the deleted one, not another channel’s)', async () => {
    const r = await search('quokka');
    expect(r.results.map((x) => x.message.id)).toEqual(newestFirst('quokka'));
    expect(r.hasMore).toBe(false);
  });

  it('a word in recent and old messages: the recent hits, then the old ones', async () => {
    const r = await search('walrus');
    expect(r.results.map((x) => x.message.id)).toEqual(newestFirst('walrus'));
  });

  it('a common word: the newest page, and the page before a cursor deep in the history', async () => {
    const all = newestFirst('review');
    const first = await search('review', '&limit=20');
    expect(first.results.map((x) => x.message.id)).toEqual(all.slice(0, 20));
    expect(first.hasMore).toBe(true);
    const cursor = all[1800] as string;
    const deep = await search('review', `&limit=30&before=${cursor}`);
    expect(deep.results.map((x) => x.message.id)).toEqual(all.slice(1801, 1831));
  });

  it('an old word before a cursor inside the old part', async () => {
    const ids = newestFirst('quokka');
    const r = await search('quokka', `&before=${ids[0] as string}`);
    expect(r.results.map((x) => x.message.id)).toEqual(ids.slice(1));
  });
});
