import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashListMatcher } from '../../services/hashlists/index.ts';
import { call, makeUser, startServer, type TestServer } from '../../test/factories.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

const PDQ_A = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
const MD5_A = 'd41d8cd98f00b204e9800998ecf8427e';

describe('/api/v1/hashlists (admins)', () => {
  it('imports an HMA CSV, lists it, matches it, deletes it; audited', async () => {
    const admin = await makeUser(srv, { role: 'admin' });
    const content = `signal_type,signal\npdq,${PDQ_A}\nvideo_md5,${MD5_A.toUpperCase()}\npdq,${PDQ_A}\n`;
    const created = await call<{ id: string; name: string; entries: number; duplicates: number; pdqThreshold: number }>(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'HTTP list', content });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'HTTP list', entries: 2, duplicates: 1, pdqThreshold: 31 });
    const listed = await call<{ hashlists: Array<{ id: string; entries: number }> }>(srv, admin.token, 'GET', '/api/v1/hashlists');
    expect(listed.body.hashlists).toContainEqual(expect.objectContaining({ id: created.body.id, entries: 2 }));

    const matcher = new HashListMatcher(srv.ctx.db);
    const near = `0${PDQ_A.slice(1)}`; // first digit f → 0: 4 bits apart
    expect(await matcher.matchMedia({ pdq: near, md5: MD5_A })).toEqual([
      { listId: created.body.id, listName: 'HTTP list', signalType: 'md5', distance: 0, threshold: 31 },
    ]);
    expect(await matcher.matchMedia({ pdq: near })).toEqual([{ listId: created.body.id, listName: 'HTTP list', signalType: 'pdq', distance: 4, threshold: 31 }]);

    expect((await call(srv, admin.token, 'DELETE', `/api/v1/hashlists/${created.body.id}`)).status).toBe(204);
    expect(await matcher.matchMedia({ pdq: near, md5: MD5_A })).toEqual([]);
    const audits = await srv.ctx.db.selectFrom('audit_events').select(['action', 'actor', 'outcome']).where('target', '=', `hashlist:${created.body.id}`).orderBy('seq').execute();
    expect(audits).toEqual([
      { action: 'hashlist.import', actor: admin.id, outcome: 'success' },
      { action: 'hashlist.delete', actor: admin.id, outcome: 'success' },
    ]);
  });

  it('a malformed file: 400 invalid_hash_list naming the lines, nothing stored', async () => {
    const admin = await makeUser(srv, { role: 'admin' });
    const content = `${PDQ_A}\nnot-a-hash\n${MD5_A}\n${PDQ_A.slice(2)}\n`;
    const r = await call<{ error: { code: string; lines: Array<{ line: number }>; errorCount: number } }>(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'Broken', content });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_hash_list');
    expect(r.body.error.lines.map((l) => l.line)).toEqual([2, 4]);
    expect(r.body.error.errorCount).toBe(2);
    expect(JSON.stringify(r.body)).not.toContain('not-a-hash');
    const lists = await srv.ctx.db.selectFrom('hash_lists').select('id').where('name', '=', 'Broken').execute();
    expect(lists).toEqual([]);
  });

  it('refuses non-admins (403, audited as denied), duplicate names (409), unknown ids (404), bad bodies (400)', async () => {
    const admin = await makeUser(srv, { role: 'admin' });
    const specialist = await makeUser(srv, { role: 'specialist' });
    const denied = await call(srv, specialist.token, 'POST', '/api/v1/hashlists', { name: 'Mine', content: PDQ_A });
    expect(denied.status).toBe(403);
    const deniedAudit = await srv.ctx.db.selectFrom('audit_events').select(['action', 'outcome']).where('actor', '=', specialist.id).execute();
    expect(deniedAudit).toContainEqual({ action: 'hashlist.import', outcome: 'denied' });
    expect((await call(srv, specialist.token, 'GET', '/api/v1/hashlists')).status).toBe(403);

    expect((await call(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'Twice', content: PDQ_A })).status).toBe(201);
    const again = await call<{ error: { code: string } }>(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'Twice', content: MD5_A });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('hashlist_exists');
    expect((await call(srv, admin.token, 'DELETE', '/api/v1/hashlists/no-such-list')).status).toBe(404);
    expect((await call(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'X', content: PDQ_A, threshold: 64 })).status).toBe(400);
    expect((await call(srv, admin.token, 'POST', '/api/v1/hashlists', { name: 'X', content: PDQ_A, extra: 1 })).status).toBe(400);
  });
});
