/** Presence (issue 12): offline without a socket, active with one, away when the app says so. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;

const presence = async (u: TestUser) => (await call<{ presence: Record<string, string> }>(srv, u.token, 'GET', '/api/v1/presence')).body.presence;

beforeAll(async () => {
  srv = await startServer();
  ada = await makeUser(srv);
  bob = await makeUser(srv);
});
afterAll(async () => srv.close());

describe('presence', () => {
  it('offline → active with a socket → away when reported → active again → offline when the socket closes', async () => {
    expect((await presence(ada))[bob.id]).toBeUndefined();
    const live = await connect(srv, bob.token);
    expect((await presence(ada))[bob.id]).toBe('active');
    expect((await call(srv, bob.token, 'PUT', '/api/v1/presence', { status: 'away' })).status).toBe(204);
    expect((await presence(ada))[bob.id]).toBe('away');
    expect((await call(srv, bob.token, 'PUT', '/api/v1/presence', { status: 'active' })).status).toBe(204);
    expect((await presence(ada))[bob.id]).toBe('active');
    live.close();
    await expect.poll(async () => (await presence(ada))[bob.id]).toBeUndefined();
  });

  it('refuses other statuses and extra fields', async () => {
    for (const body of [{ status: 'offline' }, { status: 'busy' }, { status: 'away', text: 'pat@example.com' }, {}]) {
      expect((await call(srv, ada.token, 'PUT', '/api/v1/presence', body)).status).toBe(400);
    }
    expect((await call(srv, null, 'GET', '/api/v1/presence')).status).toBe(401);
  });
});
