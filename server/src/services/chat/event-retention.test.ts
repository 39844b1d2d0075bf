import { describe, expect, it } from 'vitest';
import { connect, makeChannel, makeUser, post, startServer } from '../../test/factories.ts';
import { pruneEvents } from './event-retention.ts';

describe('event-log retention', () => {
  it('prunes events older than the age limit beyond the newest N of a scope; a stream resuming before them gets reset, others replay as before', async () => {
    const srv = await startServer({ limits: { messages: 10_000 } });
    try {
      const u = await makeUser(srv);
      const v = await makeUser(srv);
      const ch = await makeChannel(srv, u);
      const other = await makeChannel(srv, v);
      for (let i = 0; i < 12; i += 1) await post(srv, u, ch.id, `old note ${i}`);
      for (let i = 0; i < 8; i += 1) await post(srv, v, other.id, `other note ${i}`);
      const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
      await srv.ctx.db.updateTable('events').set({ created_at: old }).execute();
      const before = await srv.ctx.db.selectFrom('events').select(['seq', 'channel_id']).orderBy('seq').execute();
      const inCh = before.filter((e) => e.channel_id === ch.id).map((e) => e.seq);
      expect(inCh).toHaveLength(13); // channel.created + 12 messages
      for (let i = 0; i < 2; i += 1) await post(srv, u, ch.id, `recent note ${i}`);

      // keep the newest 5 of each scope or 7 days: the 2 recent ones and 3 more old ones stay in ch
      const deleted = await pruneEvents(srv.ctx, { perScope: 5, days: 7 });
      expect(deleted).toBe(10 + 4); // ch: 13 old - 3 kept; other channel: 9 old - 5 kept
      const after = await srv.ctx.db.selectFrom('events').select(['seq', 'channel_id']).where('channel_id', '=', ch.id).orderBy('seq').execute();
      expect(after.map((e) => e.seq).slice(0, 3)).toEqual(inCh.slice(-3));
      expect(after).toHaveLength(5);
      expect(await pruneEvents(srv.ctx, { perScope: 5, days: 7 })).toBe(0); // idempotent

      const cutoff = inCh[inCh.length - 4] as number; // newest pruned seq of ch
      const stale = await connect(srv, u.token, { since: cutoff - 1 });
      await stale.until((f) => f.some((x) => x.type === 'reset'));
      expect(stale.of('reset')[0]).toEqual({ type: 'reset', reason: 'pruned' });
      expect(stale.of('message.created')).toHaveLength(0);
      stale.close();
      // resuming at the boundary: everything after it is still there, so no reset
      const fresh = await connect(srv, u.token, { since: cutoff });
      await fresh.until((f) => f.filter((x) => x.type === 'message.created').length === 5);
      expect(fresh.of('reset')).toHaveLength(0);
      expect(fresh.of('message.created').map((f) => f.message?.text)).toEqual(['old note 9', 'old note 10', 'old note 11', 'recent note 0', 'recent note 1']);
      fresh.close();
      // a user with nothing pruned after their cursor replays normally
      const vLast = (await srv.ctx.db.selectFrom('events').select('seq').where('channel_id', '=', other.id).orderBy('seq').execute()).map((e) => e.seq);
      const vs = await connect(srv, v.token, { since: (vLast[0] as number) - 1 });
      await vs.until((f) => f.filter((x) => x.type === 'message.created').length === 5);
      expect(vs.of('reset')).toHaveLength(0);
      vs.close();
    } finally {
      await srv.close();
    }
  });
});
