import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { call, connect, makeChannel, makeUser, signIn, startServer } from './test/factories.ts';

describe('log redaction', () => {
  it('never writes message text, search terms, passwords, tokens or cookies', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const srv = await startServer({ logger: createLogger('trace', sink) });
    try {
      const u = await makeUser(srv);
      const ch = await makeChannel(srv, u);
      const planted = 'plantedsecretvalue';
      await call(srv, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: `hello ${planted}` });
      await call(srv, u.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text: `${planted} again`, unknownField: planted });
      await call(srv, u.token, 'GET', `/api/v1/search?q=${planted}`);
      const s = await signIn(srv, u.email, u.password);
      await signIn(srv, u.email, `wrong-${planted}`);
      const sock = await connect(srv, u.token);
      sock.close();
      srv.ctx.logger.info({ body: { text: planted }, password: planted }, 'direct');
      expect(out.length).toBeGreaterThan(0);
      expect(out).toContain('incoming request');
      for (const secret of [planted, u.password, u.token, s.csrf, s.cookie.split(';')[0]?.split('=')[1] as string]) {
        expect(out).not.toContain(secret);
      }
    } finally {
      await srv.close();
    }
  });
});

describe('access log', () => {
  it('logs route patterns, never ids or other path segments of the URL', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const srv = await startServer({ logger: createLogger('info', sink) });
    try {
      const u = await makeUser(srv);
      const ch = await makeChannel(srv, u);
      const tokenId = 'tok_plantedtokenid0123456789';
      await call(srv, u.token, 'GET', `/api/v1/vault/tokens/${tokenId}`);
      await call(srv, u.token, 'GET', `/api/v1/channels/${ch.id}/messages?limit=5`);
      await call(srv, u.token, 'GET', '/api/v1/no-such-route/ada.lovelace@example.com');
      expect(out).toContain('/api/v1/vault/tokens/:token');
      expect(out).toContain('/api/v1/channels/:id/messages');
      expect(out).toContain('(unmatched)');
      for (const planted of [tokenId, ch.id, 'ada.lovelace@example.com', 'limit=5']) expect(out).not.toContain(planted);
    } finally {
      await srv.close();
    }
  });
});
