import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../test/factories.ts';
import { pino } from 'pino';
import { openPostgres } from '../../db/postgres.ts';
import { freePort } from '../../test/processes.ts';
import { JobRunner, enqueueJob } from './queue.ts';
import { FsObjectStore, ObjectNotFoundError } from './object-store.ts';
import { newFileKey, openObject, sealObject, unwrapFileKey } from './file-crypto.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ media: { autoStart: false, ocr: null } });
});
afterAll(async () => srv.close());

async function job(fileId: string) {
  return srv.ctx.db.selectFrom('media_jobs').selectAll().where('file_id', '=', fileId).executeTakeFirstOrThrow();
}

describe('job runner', () => {
  it('retries a failing job with exponential backoff, then succeeds', async () => {
    await srv.ctx.write((uow) => enqueueJob(uow, 'f-retry'));
    let calls = 0;
    const runner = new JobRunner({
      db: srv.ctx.db,
      logger: srv.ctx.logger,
      run: async () => {
        calls += 1;
        if (calls < 3) throw new Error('transient');
      },
      giveUp: async () => undefined,
      maxAttempts: 5,
      retryBaseMs: 200,
      pollMs: 20,
    });
    const t0 = Date.now();
    runner.start();
    await runner.idle();
    const first = await job('f-retry');
    expect(first).toMatchObject({ attempts: 1, done_at: null, last_error: 'Error' });
    expect(Date.parse(first.run_at) - t0).toBeGreaterThanOrEqual(150);
    while ((await job('f-retry')).done_at === null) await new Promise((r) => setTimeout(r, 30));
    await runner.stop();
    expect(calls).toBe(3);
    // backoff: 200 ms, then 400 ms before the third attempt
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
    expect(await job('f-retry')).toMatchObject({ attempts: 3, last_error: null });
  });

  it('two runners on one table (two nodes) run each job once: a job is claimed before it runs', async () => {
    const files = ['f-claim-1', 'f-claim-2', 'f-claim-3', 'f-claim-4', 'f-claim-5', 'f-claim-6'];
    for (const f of files) await srv.ctx.write((uow) => enqueueJob(uow, f));
    const runs: string[] = [];
    const runner = () =>
      new JobRunner({
        db: srv.ctx.db,
        logger: srv.ctx.logger,
        run: async (fileId) => {
          runs.push(fileId);
          await new Promise((r) => setTimeout(r, 20)); // the other runner polls meanwhile
        },
        giveUp: async () => undefined,
        maxAttempts: 3,
        retryBaseMs: 50,
        pollMs: 5,
      });
    const a = runner();
    const b = runner();
    a.start();
    b.start();
    const done = async () => (await srv.ctx.db.selectFrom('media_jobs').select('id').where('file_id', 'in', files).where('done_at', 'is not', null).execute()).length;
    const deadline = Date.now() + 10_000;
    while ((await done()) < files.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await Promise.all([a.stop(), b.stop()]);
    expect([...runs].sort()).toEqual(files);
    for (const f of files) expect(await job(f)).toMatchObject({ attempts: 1, last_error: null });
  });

  it('gives a job up after maxAttempts and calls giveUp once', async () => {
    await srv.ctx.write((uow) => enqueueJob(uow, 'f-dead'));
    const gaveUp: string[] = [];
    const runner = new JobRunner({
      db: srv.ctx.db,
      logger: srv.ctx.logger,
      run: async (id) => {
        if (id === 'f-dead') throw new TypeError('always');
      },
      giveUp: async (id) => {
        gaveUp.push(id);
      },
      maxAttempts: 2,
      retryBaseMs: 10,
      pollMs: 10,
    });
    runner.start();
    while ((await job('f-dead')).done_at === null) await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    expect(gaveUp).toEqual(['f-dead']);
    expect(await job('f-dead')).toMatchObject({ attempts: 2, last_error: 'TypeError' });
  });
});

describe('job runner with the database away', () => {
  it('logs a failed poll and keeps polling (no unhandled rejection: it killed the process during a PostgreSQL restart)', async () => {
    const port = await freePort(); // nothing listens: every poll fails with ECONNREFUSED
    const away = openPostgres(`postgres://enclave@127.0.0.1:${port}/enclave`);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown): void => void unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    const runner = new JobRunner({ db: away.db, logger, run: async () => undefined, giveUp: async () => undefined, maxAttempts: 3, retryBaseMs: 10, pollMs: 50 });
    try {
      runner.start();
      const deadline = Date.now() + 10_000;
      while (warnings.filter((w) => w.includes('media queue: poll failed')).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 100));
      await runner.stop();
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await away.close();
    }
    expect(unhandled).toEqual([]);
    expect(warnings.filter((w) => w.includes('media queue: poll failed')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('object store and file encryption', () => {
  it('round-trips sealed objects; a swapped role, file id or altered byte fails', async () => {
    const store = new FsObjectStore(`${srv.dir}/objects-test`);
    const keys = srv.ctx.privacy.vault.keys;
    const fk = await newFileKey(keys, 'file-1');
    const sealed = sealObject(fk.key, 'file-1', 'served', Buffer.from('pixels'));
    await store.put('abc', sealed);
    const key = await unwrapFileKey(keys, 'file-1', { wrapped: fk.wrapped, kekId: fk.kekId });
    expect(openObject(key, 'file-1', 'served', await store.get('abc')).toString()).toBe('pixels');
    expect(() => openObject(key, 'file-1', 'original', sealed)).toThrow();
    expect(() => openObject(key, 'file-2', 'served', sealed)).toThrow();
    const bad = Buffer.from(sealed);
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
    expect(() => openObject(key, 'file-1', 'served', bad)).toThrow();
    await expect(unwrapFileKey(keys, 'file-2', { wrapped: fk.wrapped, kekId: fk.kekId })).rejects.toThrow();
    await store.delete('abc');
    await expect(store.get('abc')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toBeInstanceOf(RangeError);
  });
});
