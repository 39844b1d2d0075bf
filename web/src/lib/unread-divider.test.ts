import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types.ts';
import { firstUnreadRootId } from './unread-divider.ts';

const msg = (id: string, authorId: string, threadRootId: string | null = null): Message => ({
  id, channelId: 'c', authorId, text: id, entities: [], threadRootId, clientMsgId: null, createdAt: '2026-01-01T00:00:00Z', editedAt: null, deletedAt: null,
});

describe('firstUnreadRootId', () => {
  const all = [msg('01', 'me'), msg('02', 'bob'), msg('03', 'me'), msg('04', 'bob'), msg('05', 'ada', '02'), msg('06', 'bob')];
  const roots = all.filter((m) => !m.threadRootId);

  it('counts back over others\' messages only', () => {
    expect(firstUnreadRootId(all, roots, 1, 'me')).toBe('06');
    expect(firstUnreadRootId(all, roots, 3, 'me')).toBe('04'); // 06, the reply 05, 04
    expect(firstUnreadRootId(all, roots, 4, 'me')).toBe('02'); // my 03 is skipped
  });

  it('a reply as the oldest unread puts the line before the next root', () => {
    expect(firstUnreadRootId(all, roots, 2, 'me')).toBe('06');
  });

  it('nothing unread, or more unread than loaded: no line', () => {
    expect(firstUnreadRootId(all, roots, 0, 'me')).toBeNull();
    expect(firstUnreadRootId(all, roots, 9, 'me')).toBeNull();
  });
});
