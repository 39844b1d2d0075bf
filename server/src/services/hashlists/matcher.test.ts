import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../db/database.ts';
import { createTestSchema, type TestSchema } from '../../test/database.ts';
import { importHashList } from './hashlists.ts';
import { deleteHashList } from './hashlists.ts';
import { HashListMatcher } from './matcher.ts';

let database: OpenDatabase;
/** Under `npm run test:pg`: this file's own PostgreSQL schema; else a SQLite file in a temp folder. */
let schema: TestSchema | undefined;
beforeAll(async () => {
  schema = await createTestSchema({ migrated: true });
  database = openDatabase({ dataDir: join(mkdtempSync(join(tmpdir(), 'enclave-hashlists-')), 'data'), databaseUrl: schema?.url });
  await migrateToLatest(database.db);
});
afterAll(async () => {
  await database.close();
  await schema?.drop();
});

async function* text(s: string): AsyncGenerator<string> {
  yield s;
}

/** `hex` with its first `n` bits (from the most significant digit) flipped. */
function flipFirst(hex: string, n: number): string {
  const digits = hex.split('').map((d) => Number.parseInt(d, 16));
  for (let b = 0; b < n; b++) digits[b >> 2] = (digits[b >> 2] as number) ^ (8 >> (b & 3));
  return digits.map((d) => d.toString(16)).join('');
}

const BASE = 'a5f0a457248995e8c9065c275aaa54d8b61ba4bdf8fcf80387c32f8b0bfc4f05';

describe('HashListMatcher.matchMedia', () => {
  it('applies each list its own PDQ threshold, reports each list once at its closest entry, and follows imports and deletions', async () => {
    const db = database.db;
    const strict = await importHashList(db, { name: 'strict', threshold: 10, source: text(`${flipFirst(BASE, 12)}\n${flipFirst(BASE, 40)}\n`), actor: 'cli' });
    const matcher = new HashListMatcher(db);
    expect(await matcher.matchMedia({ pdq: BASE })).toEqual([]); // 12 > 10

    const loose = await importHashList(db, { name: 'loose', source: text(`${flipFirst(BASE, 31)}\n${flipFirst(BASE, 20)}\n${flipFirst(BASE, 32)}\n`), actor: 'cli' });
    expect(await matcher.matchMedia({ pdq: BASE.toUpperCase() })).toEqual([{ listId: loose.id, listName: 'loose', signalType: 'pdq', distance: 20, threshold: 31 }]);
    expect(await matcher.matchMedia({ pdq: flipFirst(BASE, 12) })).toEqual([
      { listId: strict.id, listName: 'strict', signalType: 'pdq', distance: 0, threshold: 10 },
      { listId: loose.id, listName: 'loose', signalType: 'pdq', distance: 8, threshold: 31 },
    ]);

    await db.transaction().execute((trx) => deleteHashList(trx, { id: loose.id, actor: 'cli' }));
    expect(await matcher.matchMedia({ pdq: BASE })).toEqual([]);
  });

  it('matches MD5 and SHA-256 by equality only, and ignores malformed hashes', async () => {
    const db = database.db;
    const md5 = '0123456789abcdef0123456789abcdef';
    const sha = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const list = await importHashList(db, { name: 'exact', source: text(`signal_type,signal\nmd5,${md5}\nsha256,${sha}\n`), actor: 'cli' });
    const matcher = new HashListMatcher(db);
    expect(await matcher.matchMedia({ md5: md5.toUpperCase() })).toEqual([{ listId: list.id, listName: 'exact', signalType: 'md5', distance: 0, threshold: 31 }]);
    expect(await matcher.matchMedia({ sha256: sha })).toHaveLength(1);
    expect(await matcher.matchMedia({ md5: `${md5.slice(0, 31)}0` })).toEqual([]);
    expect(await matcher.matchMedia({ md5: 'nope', sha256: 'x', pdq: 'y' })).toEqual([]);
  });
});
