/**
 * Red team 5 (issue 10, exit paths): an upload's file name is shown to every member and stored in
 * `media_files.name`, `messages.files` and the `message.created` event. Names written the way
 * files are named — words joined by `_` or `-`, a phone number just before the extension — were
 * not recognised, and the raw values reached colleagues and the database (found by scanning every
 * PostgreSQL table after planting fake values).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { plainPng, upload } from '../test/images.ts';

let srv: TestServer;
let bob: TestUser;
let channelId: string;
let png: Buffer;

beforeAll(async () => {
  srv = await startServer();
  bob = await makeUser(srv);
  const carol = await makeUser(srv);
  channelId = (await makeChannel(srv, bob, { members: [carol] })).id;
  png = await plainPng();
});
afterAll(() => srv?.close());

describe('personal data in file names', () => {
  const cases: Array<[string, string[]]> = [
    ['Jane_Doe_passport.png', ['Jane', 'Doe']],
    ['Jane-Doe.png', ['Jane', 'Doe']],
    ['scan 201-555-0147.png', ['555-0147', '555']],
    ['+1 201-555-0147.png', ['555-0147', '555']],
  ];
  for (const [name, raw] of cases) {
    it(`${name}: the shown and stored name holds none of the value`, async () => {
      const r = await upload(srv, bob, channelId, png, name, { type: 'image/png' });
      expect(r.status).toBe(201);
      const shown = r.body.message?.files?.[0]?.name ?? '';
      expect(shown).toMatch(/\.png$/);
      for (const v of raw) expect(shown).not.toContain(v);
      const stored = await srv.ctx.readDb.selectFrom('media_files').select('name').where('message_id', '=', r.body.message?.id ?? '').executeTakeFirstOrThrow();
      for (const v of raw) expect(stored.name).not.toContain(v);
    });
  }

  it('a name without personal data is kept exactly, underscores and all', async () => {
    const r = await upload(srv, bob, channelId, png, 'screen_shot-2026_q1.png', { type: 'image/png' });
    expect(r.status).toBe(201);
    expect(r.body.message?.files?.[0]?.name).toBe('screen_shot-2026_q1.png');
  });
});
