import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, startServer, type TestServer } from '../../test/factories.ts';
import { hashSecret } from './secrets.ts';
import { revokeApiToken } from './api-tokens.ts';
import { credentialLive } from './credential-live.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

const tokenIdOf = async (token: string) =>
  (await srv.ctx.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashSecret(token)).executeTakeFirstOrThrow()).id;

describe('credentialLive (read connection)', () => {
  it('is true for a live token of an active user, false for another user or an unknown id', async () => {
    const a = await makeUser(srv);
    const b = await makeUser(srv);
    const id = await tokenIdOf(a.token);
    expect(await credentialLive(srv.ctx.readDb, a.id, id)).toBe(true);
    expect(await credentialLive(srv.ctx.readDb, b.id, id)).toBe(false);
    expect(await credentialLive(srv.ctx.readDb, a.id, 'no-such-credential')).toBe(false);
  });

  it('sees a revocation committed on the writer at once', async () => {
    const a = await makeUser(srv);
    const id = await tokenIdOf(a.token);
    await srv.ctx.write((uow) => revokeApiToken(uow, a.id, id, a.id));
    expect(await credentialLive(srv.ctx.readDb, a.id, id)).toBe(false);
  });

  it('sees a deactivation committed on the writer at once', async () => {
    const a = await makeUser(srv);
    const id = await tokenIdOf(a.token);
    await srv.ctx.write((uow) => uow.db.updateTable('users').set({ active: 0 }).where('id', '=', a.id).execute());
    expect(await credentialLive(srv.ctx.readDb, a.id, id)).toBe(false);
  });
});
