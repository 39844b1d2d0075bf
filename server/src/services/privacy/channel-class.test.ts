import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../audit/testing.ts';
import { channelClassFromChat } from './index.ts';

let t: TestDb;
const NOW = '2026-01-01T00:00:00.000Z';
beforeEach(async () => {
  t = await openTestDb();
  const user = "INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES (?, ?, ?, 'agent', ?, ?)";
  for (let i = 0; i < 5; i++) await t.raw.run(user, [`u${i}`, `u${i}@example.com`, `User ${i}`, NOW, NOW]);
  const ch = "INSERT INTO channels (id, name, visibility, kind, created_by, created_at, updated_at) VALUES (?, ?, ?, 'channel', 'u0', ?, ?)";
  await t.raw.run(ch, ['priv', 'priv', 'private', NOW, NOW]);
  await t.raw.run(ch, ['pub', 'pub', 'public', NOW, NOW]);
  const mem = 'INSERT INTO channel_members (channel_id, user_id, joined_at) VALUES (?, ?, ?)';
  for (let i = 0; i < 5; i++) await t.raw.run(mem, ['priv', `u${i}`, NOW]);
});
afterEach(async () => {
  await t.cleanup();
});

describe('channelClassFromChat', () => {
  it('classes public channels as broad, private ones as team up to the member threshold', async () => {
    expect(await channelClassFromChat()(t.db, 'pub')).toBe('broad');
    expect(await channelClassFromChat()(t.db, 'priv')).toBe('team');
    expect(await channelClassFromChat({ broadThreshold: 5 })(t.db, 'priv')).toBe('team');
    expect(await channelClassFromChat({ broadThreshold: 4 })(t.db, 'priv')).toBe('broad');
    expect(await channelClassFromChat()(t.db, 'nope')).toBe('broad');
  });
});
