import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../test/factories.ts';
import { seedDemo } from './demo-seed.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

describe('demo seed', () => {
  it('seeds staff, queues, complaints, assigned cases with room conversations; pasted values are caught; only once', async () => {
    const { logins, cases } = await seedDemo(srv.ctx, { complaints: 14 });
    expect(cases).toBe(14);
    expect(logins.map((l) => l.role).sort()).toEqual(['admin', 'agent', 'agent', 'lead', 'privacy_officer']);
    for (const l of logins) expect(l.email).toMatch(/@example\.com$/);
    const assigned = await srv.ctx.db.selectFrom('cases').select(['room_channel_id']).where('status', '=', 'assigned').execute();
    expect(assigned).toHaveLength(4);
    const team = await srv.ctx.db.selectFrom('channels').select('id').where('name', '=', 'tns-team').executeTakeFirstOrThrow();
    const msgs = await srv.ctx.db.selectFrom('messages').select(['text', 'entities', 'channel_id']).execute();
    const pasted = msgs.find((m) => m.channel_id === team.id && m.text.startsWith('Has anyone'));
    expect(pasted?.text).toBe('Has anyone seen [KNOWN_SUBJECT] before? Number is [KNOWN_SUBJECT].');
    for (const m of msgs) expect(m.text).not.toMatch(/555-01|192\.0\.2\.|@example\.com/i);
    await expect(seedDemo(srv.ctx)).rejects.toMatchObject({ code: 'not_empty' });
  }, 120_000);
});
