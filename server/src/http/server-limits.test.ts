/**
 * HTTP server limits against slow clients (issue 10): the environment's timeouts and connection
 * limit reach Node's server, with defaults that close a slow-loris long before Node's own (60 s
 * headers timeout checked every 30 s, no request timeout under Fastify). The behaviour under 200
 * real slow-loris connections is in `reliability/slow-clients.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/index.ts';
import { serverLimits } from '../app.ts';
import { startServer, type TestServer } from '../test/factories.ts';

describe('HTTP server limits', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer();
  });
  afterAll(async () => srv.close());

  it('has bounded defaults on the listening server', () => {
    const s = srv.app.server;
    expect(s.headersTimeout).toBe(10_000);
    expect(s.requestTimeout).toBe(300_000);
    expect(s.keepAliveTimeout).toBe(72_000);
    expect(s.maxConnections).toBe(10_000);
    expect(srv.ctx.limits.socketBufferBytes).toBe(4 * 1024 * 1024);
  });

  it('reads each limit from the environment', () => {
    const c = loadConfig({
      ENCLAVE_HEADERS_TIMEOUT_MS: '2000',
      ENCLAVE_REQUEST_TIMEOUT_MS: '5000',
      ENCLAVE_KEEPALIVE_TIMEOUT_MS: '7000',
      ENCLAVE_MAX_CONNECTIONS: '300',
      ENCLAVE_STREAM_BUFFER_BYTES: '65536',
    });
    expect(c.http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 5000, keepAliveTimeoutMs: 7000, maxConnections: 300, checkIntervalMs: 500 });
    expect(c.streamBufferBytes).toBe(65536);
    expect(serverLimits(c.http)).toEqual({ requestTimeout: 5000, keepAliveTimeout: 7000, http: { headersTimeout: 2000, connectionsCheckingInterval: 500 } });
  });

  it('refuses a request timeout shorter than the headers timeout, and non-numbers', () => {
    expect(() => loadConfig({ ENCLAVE_HEADERS_TIMEOUT_MS: '5000', ENCLAVE_REQUEST_TIMEOUT_MS: '1000' })).toThrow(ConfigError);
    expect(() => loadConfig({ ENCLAVE_MAX_CONNECTIONS: 'many' })).toThrow(/ENCLAVE_MAX_CONNECTIONS must be a positive integer/);
    expect(() => loadConfig({ ENCLAVE_STREAM_BUFFER_BYTES: '0' })).toThrow(ConfigError);
  });
});
