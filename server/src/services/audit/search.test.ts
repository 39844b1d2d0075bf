import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEvent, searchAuditEvents } from './index.ts';
import { openTestDb, type TestDb } from './testing.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
  const rows: [string, string, string, 'success' | 'denied'][] = [
    ['alice', 'reveal', 'token:tok_a', 'success'],
    ['bob', 'reveal', 'token:tok_a', 'denied'],
    ['alice', 'policy.change', 'policy:team/EMAIL_ADDRESS', 'success'],
    ['alice', 'reveal', 'token:tok_b', 'success'],
    ['carol', 'block', 'channel:c1', 'denied'],
  ];
  for (const [actor, action, target, outcome] of rows) await appendAuditEvent(t.db, { actor, action, target, outcome });
});
afterEach(async () => {
  await t.cleanup();
});

describe('searchAuditEvents', () => {
  it('filters by actor, action, target and outcome, newest first', async () => {
    const seqs = async (q: Parameters<typeof searchAuditEvents>[1]): Promise<number[]> => (await searchAuditEvents(t.db, q)).events.map((e) => e.seq);
    expect(await seqs({ limit: 50 })).toEqual([5, 4, 3, 2, 1]);
    expect(await seqs({ limit: 50, actor: 'alice' })).toEqual([4, 3, 1]);
    expect(await seqs({ limit: 50, actor: 'alice', action: 'reveal' })).toEqual([4, 1]);
    expect(await seqs({ limit: 50, target: 'token:tok_a' })).toEqual([2, 1]);
    expect(await seqs({ limit: 50, outcome: 'denied' })).toEqual([5, 2]);
  });

  it('pages with before and hasMore', async () => {
    const p1 = await searchAuditEvents(t.db, { limit: 2 });
    expect([p1.events.map((e) => e.seq), p1.hasMore]).toEqual([[5, 4], true]);
    const p2 = await searchAuditEvents(t.db, { limit: 2, before: 4 });
    expect([p2.events.map((e) => e.seq), p2.hasMore]).toEqual([[3, 2], true]);
    const p3 = await searchAuditEvents(t.db, { limit: 2, before: 2 });
    expect([p3.events.map((e) => e.seq), p3.hasMore]).toEqual([[1], false]);
  });

  it('filters by time range [from, to)', async () => {
    const all = (await searchAuditEvents(t.db, { limit: 50 })).events;
    const third = all.find((e) => e.seq === 3)?.at ?? '';
    const from = await searchAuditEvents(t.db, { limit: 50, from: third });
    expect(from.events.every((e) => e.at >= third)).toBe(true);
    expect(from.events.map((e) => e.seq)).toContain(3);
    const to = await searchAuditEvents(t.db, { limit: 50, to: third });
    expect(to.events.every((e) => e.at < third)).toBe(true);
    expect(to.events.map((e) => e.seq)).not.toContain(3);
  });
});
