/**
 * `startPostgres()` (server/src/test/postgres.ts), the throw-away PostgreSQL that reliability tests
 * needing one start for themselves: it answers queries at the URL it gives, and `stop()` ends the
 * server and removes its folder.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../server/src/test/postgres.ts';

describe('startPostgres', () => {
  it('gives a working DATABASE_URL; stop() removes the cluster', async () => {
    const db = await startPostgres();
    const folder = new URL(db.url).searchParams.get('host') as string;
    expect(existsSync(folder)).toBe(true);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const r = await client.query<{ db: string; n: number }>('SELECT current_database() AS db, 1 + 1 AS n');
      expect(r.rows[0]).toEqual({ db: 'enclave', n: 2 });
    } finally {
      await client.end();
    }
    await db.stop();
    expect(existsSync(folder)).toBe(false);
  }, 180_000);
});
