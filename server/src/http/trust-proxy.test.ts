/**
 * `ENCLAVE_TRUST_PROXY` (issue 10): behind a reverse proxy, the per-address sign-in limiter and the
 * loopback-only `/metrics` see the client's address forwarded by a listed proxy — and never an
 * `X-Forwarded-For` sent by a peer outside the list (or when nothing is listed).
 * Real HTTP servers on 127.0.0.1; addresses from 192.0.2.0/24.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, trustProxyOf } from '../config/index.ts';
import { startServer, type TestServer } from '../test/factories.ts';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** A server whose sign-in limiter allows 2 attempts per address and e-mail. */
async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const srv = await startServer({ limits: { loginAttempts: 2 } }, env);
  servers.push(srv);
  return srv;
}

/** One failed sign-in for `email` with `X-Forwarded-For: xff` (when given); the answer's status. */
async function attempt(srv: TestServer, email: string, xff?: string): Promise<number> {
  const res = await fetch(`${srv.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(xff ? { 'x-forwarded-for': xff } : {}) },
    body: JSON.stringify({ email, password: 'not the password' }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function metricsStatus(srv: TestServer, xff?: string): Promise<number> {
  const res = await fetch(`${srv.url}/metrics`, { headers: xff ? { 'x-forwarded-for': xff } : {} });
  await res.arrayBuffer();
  return res.status;
}

describe('ENCLAVE_TRUST_PROXY', () => {
  it('unset: a direct client sending X-Forwarded-For keeps its own address for the sign-in limiter and /metrics', async () => {
    const srv = await serverWith({});
    expect(await attempt(srv, 'tp.off@example.com', '192.0.2.9')).toBe(401);
    expect(await attempt(srv, 'tp.off@example.com', '192.0.2.9')).toBe(401);
    // another forwarded address does not buy new attempts: the limiter keys on the peer
    expect(await attempt(srv, 'tp.off@example.com', '192.0.2.10')).toBe(429);
    expect(await attempt(srv, 'tp.off@example.com')).toBe(429);
    expect(await metricsStatus(srv, '192.0.2.9')).toBe(200);
  });

  it('peer not in the list: X-Forwarded-For is ignored', async () => {
    const srv = await serverWith({ ENCLAVE_TRUST_PROXY: '10.0.0.0/8, 2001:db8::1' });
    expect(await attempt(srv, 'tp.untrusted@example.com', '192.0.2.9')).toBe(401);
    expect(await attempt(srv, 'tp.untrusted@example.com', '192.0.2.9')).toBe(401);
    expect(await attempt(srv, 'tp.untrusted@example.com', '192.0.2.10')).toBe(429);
    expect(await metricsStatus(srv, '192.0.2.9')).toBe(200);
  });

  it('peer in the list: the limiter keys on the forwarded client address; a spoofed left-hand entry does not count', async () => {
    const srv = await serverWith({ ENCLAVE_TRUST_PROXY: '127.0.0.1,::1' });
    expect(await attempt(srv, 'tp.on@example.com', '192.0.2.9')).toBe(401);
    expect(await attempt(srv, 'tp.on@example.com', '192.0.2.9')).toBe(401);
    expect(await attempt(srv, 'tp.on@example.com', '192.0.2.9')).toBe(429);
    // a different client behind the same proxy has its own attempts
    expect(await attempt(srv, 'tp.on@example.com', '192.0.2.10')).toBe(401);
    // the client itself wrote "192.0.2.66, "; the proxy appended the address it saw (192.0.2.9)
    expect(await attempt(srv, 'tp.on@example.com', '192.0.2.66, 192.0.2.9')).toBe(429);
    // no header from a trusted peer: the peer's own address
    expect(await attempt(srv, 'tp.on@example.com')).toBe(401);
  });

  it('peer in the list: /metrics no longer takes a relayed request for a loopback connection', async () => {
    const srv = await serverWith({ ENCLAVE_TRUST_PROXY: '127.0.0.1' });
    expect(await metricsStatus(srv, '192.0.2.9')).toBe(403);
    expect(await metricsStatus(srv)).toBe(200);
  });

  it('accepts addresses and CIDR ranges only', () => {
    expect(trustProxyOf(undefined)).toEqual([]);
    expect(trustProxyOf(' ')).toEqual([]);
    expect(trustProxyOf('127.0.0.1, ::1,10.0.0.0/8,2001:db8::/32')).toEqual(['127.0.0.1', '::1', '10.0.0.0/8', '2001:db8::/32']);
    // '0.0.0.0/0' and '::/0' (red team 6): every peer, as `true` — any direct client could choose its address
    for (const bad of ['true', '*', '1', 'proxy.example.com', '10.0.0.0/33', '2001:db8::/129', '192.0.2.1/8/8', '127.0.0.1,', '10.0.0.0/x', '0.0.0.0/0', '::/0', '127.0.0.1, ::/00']) {
      expect(() => trustProxyOf(bad), bad).toThrow(ConfigError);
    }
  });
});
