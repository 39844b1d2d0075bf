import { describe, expect, it } from 'vitest';
import type { Channel, User } from '../api/types.ts';
import { switchTargets } from './quick-switch.ts';

const ch = (id: string, name: string, extra: Partial<Channel> = {}): Channel => ({
  id, name, visibility: 'public', kind: 'channel', topic: '', createdAt: '', memberCount: 1, isMember: true, unreadCount: 0, mentionCount: 0, lastMessageAt: null, ...extra,
});
const user = (id: string, name: string, active = true): User => ({ id, name, email: `${id}@example.com`, role: 'agent', active, createdAt: '' });

describe('switchTargets', () => {
  const channels = [ch('1', 'escalations'), ch('2', 'general'), ch('3', 'legal-escalations', { isMember: false }), ch('4', 'Bob', { kind: 'dm' })];
  const people = [user('me', 'Ada'), user('b', 'Bob'), user('c', 'Cy'), user('d', 'Dee', false)];

  it('puts names starting with the query first, then containing it; channels as #name', () => {
    expect(switchTargets('esc', channels, people, 'me').map((t) => t.label)).toEqual(['#escalations', '#legal-escalations']);
  });

  it('lists people without a DM yet, never me or inactive people; # and @ prefixes are ignored', () => {
    expect(switchTargets('@cy', channels, people, 'me').map((t) => [t.kind, t.label])).toEqual([['person', 'Cy']]);
    expect(switchTargets('', channels, people, 'me').map((t) => t.label)).not.toContain('Ada');
    expect(switchTargets('dee', channels, people, 'me')).toEqual([]);
    expect(switchTargets('bob', channels, people, 'me').map((t) => t.kind)).toEqual(['channel']);
    expect(switchTargets('#gen', channels, people, 'me').map((t) => t.label)).toEqual(['#general']);
  });
});
