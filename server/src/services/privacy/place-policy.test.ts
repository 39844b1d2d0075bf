import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { openTestDb, type TestDb } from '../audit/testing.ts';
import { LocalKms, Vault } from '../vault/index.ts';
import { PrivacyGuard, type ChannelClass } from './index.ts';

let t: TestDb;
let guard: PrivacyGuard;
const classes: Record<string, ChannelClass> = { team1: 'team', pub1: 'broad' };
const channelClassOf = async (_db: unknown, id: string): Promise<ChannelClass> => classes[id] ?? 'broad';

beforeEach(async () => {
  t = await openTestDb();
  guard = new PrivacyGuard({ vault: new Vault({ kms: LocalKms.generate() }), channelClassOf, auditDb: t.db });
});
afterEach(async () => {
  await guard.settled();
  await t.cleanup();
});

describe('places in broad channels', () => {
  it('lets a place alone through a broad channel', async () => {
    const text = 'The meeting in Paris is cancelled.';
    expect(await guard.protect(t.db, { channelId: 'pub1', authorId: 'u1', text })).toEqual({ text, entities: [] });
  });

  it('blocks a place tied to a person in a broad channel', async () => {
    const err = await guard.protect(t.db, { channelId: 'pub1', authorId: 'u1', text: 'she lives in Springfield' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('personal_data_blocked');
  });

  it('still tokenizes a place alone in a team channel (the policy table decides there)', async () => {
    const out = await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: 'The meeting in Paris is cancelled.' });
    expect(out.text).toBe('The meeting in [LOCATION] is cancelled.');
  });

  it('lets a "City, Country" pair and a place hashtag alone through a broad channel', async () => {
    for (const text of ['Conference photos: Lyon, France', 'great weekend #newyork']) {
      expect(await guard.protect(t.db, { channelId: 'pub1', authorId: 'u1', text })).toEqual({ text, entities: [] });
    }
  });

  it('blocks a place after a residence cue with a filler word in a broad channel', async () => {
    const err = await guard.protect(t.db, { channelId: 'pub1', authorId: 'u1', text: 'she moved back to Kesterburg' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as AppError).code).toBe('personal_data_blocked');
  });

  it('tokenizes a pair and a hashtag place in a team channel', async () => {
    const out = await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: 'Conference photos: Lyon, France #newyork' });
    expect(out.text).toBe('Conference photos: [LOCATION], [LOCATION] [LOCATION]');
  });
});
