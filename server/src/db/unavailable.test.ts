/**
 * A database that cannot be reached answers 503 `database_unavailable` (JSON error shape,
 * `Retry-After`), quickly — not 500 `internal_error` (found by the cluster fault tests: requests
 * during `pg_ctl restart` answered 500). Real pools against a closed port and a missing socket.
 */
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerErrorHandlers } from '../errors.ts';
import { freePort } from '../test/processes.ts';
import { isDatabaseUnavailable, openPostgres } from './postgres.ts';
import type { OpenDatabase } from './database.ts';

const opened: OpenDatabase[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

describe('database unavailable', () => {
  it('answers 503 database_unavailable with Retry-After within seconds when PostgreSQL refuses connections', async () => {
    const port = await freePort(); // nothing listens there
    const db = openPostgres(`postgres://enclave@127.0.0.1:${port}/enclave`);
    opened.push(db);
    const app = Fastify({ logger: false });
    registerErrorHandlers(app);
    app.get('/q', async () => db.raw.all('SELECT 1'));
    await app.ready();
    const t0 = Date.now();
    const res = await app.inject({ method: 'GET', url: '/q' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({ error: { code: 'database_unavailable', message: 'The database is unavailable; try again shortly' } });
    await app.close();
  });

  it('tells a lost database from other errors', async () => {
    const db = openPostgres(`postgres://enclave@localhost:5/enclave?host=/nonexistent-socket-folder`);
    opened.push(db);
    const refused = await db.raw.all('SELECT 1').then(() => null, (e: unknown) => e);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    const missingFile = await readFile('/nonexistent-enclave-file').then(() => null, (e: unknown) => e);
    expect(isDatabaseUnavailable(missingFile)).toBe(false); // ENOENT of a file is not an outage
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
    // what pg rejects with when a pooled connection's server went away (seen during pg_ctl restart)
    expect(isDatabaseUnavailable(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write', errno: -32 }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read', errno: -104 }))).toBe(true);
  });
});
