/**
 * Red team 6 (issue 10, after red team 5's file names): a name's words joined by `_` or `-` are
 * now read as words, but words joined by dots — the common `firstname.lastname.jpg` — or by an
 * encoded space (`Jane%20Doe.png`, as a browser saves a link) still kept part of the value: only
 * the first word was found, the surname stayed raw, shown to members and stored in
 * `media_files.name`. An e-mail address in a name must still be found whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileNameWords } from '../services/media/uploads.ts';
import { makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../test/factories.ts';
import { plainPng, upload } from '../test/images.ts';

let srv: TestServer;
let bob: TestUser;
let channelId: string;
let png: Buffer;

beforeAll(async () => {
  srv = await startServer({ limits: { messages: 10_000 } });
  bob = await makeUser(srv);
  const carol = await makeUser(srv);
  channelId = (await makeChannel(srv, bob, { members: [carol] })).id;
  png = await plainPng();
});
afterAll(() => srv?.close());

async function shownAndStored(name: string): Promise<{ shown: string; stored: string }> {
  const r = await upload(srv, bob, channelId, png, name, { type: 'image/png' });
  expect(r.status).toBe(201);
  const shown = r.body.message?.files?.[0]?.name ?? '';
  const row = await srv.ctx.readDb.selectFrom('media_files').select('name').where('message_id', '=', r.body.message?.id ?? '').executeTakeFirstOrThrow();
  return { shown, stored: row.name };
}

describe('personal data in file names, words joined by dots or an encoded space', () => {
  const cases: Array<[string, string[]]> = [
    ['Jane.Doe.png', ['Jane', 'Doe']],
    ['jane.doe.passport.png', ['jane', 'doe']],
    ['Jane%20Doe.png', ['Jane', 'Doe']],
  ];
  for (const [name, raw] of cases) {
    it(`${name}: the shown and stored name holds none of the value`, async () => {
      const { shown, stored } = await shownAndStored(name);
      expect(shown).toMatch(/\.png$/);
      for (const v of raw) {
        expect(shown).not.toContain(v);
        expect(stored).not.toContain(v);
      }
    });
  }

  it('an e-mail address in a name is still found whole', async () => {
    const { shown } = await shownAndStored('mail jane.doe@example.com.png');
    expect(shown).toBe('mail [EMAIL_ADDRESS].png');
  });

  it('a name without personal data is kept exactly, dots and all', async () => {
    const { shown } = await shownAndStored('report.final.v2_q1.png');
    expect(shown).toBe('report.final.v2_q1.png');
  });

  it('fileNameWords reads dots between letters and %20 as spaces, leaves e-mail addresses and numbers', () => {
    expect(fileNameWords('Jane.Doe.passport.png')).toEqual({ stem: 'Jane Doe passport', ext: '.png' });
    expect(fileNameWords('Jane%20Doe.png')).toEqual({ stem: 'Jane Doe', ext: '.png' });
    expect(fileNameWords('scan jane.doe@example.com.png')).toEqual({ stem: 'scan jane.doe@example.com', ext: '.png' });
    expect(fileNameWords('ip 192.0.2.44.png')).toEqual({ stem: 'ip 192.0.2.44', ext: '.png' });
  });
});
