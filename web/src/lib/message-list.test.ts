import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types.ts';
import { countReply, mergeMessages } from './message-list.ts';

function msg(id: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    channelId: 'C1',
    authorId: 'U1',
    text: `text ${id}`,
    entities: [],
    threadRootId: null,
    clientMsgId: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    ...extra,
  };
}

describe('mergeMessages', () => {
  it('sorts by id and drops duplicates', () => {
    const out = mergeMessages([msg('01B'), msg('01D')], [msg('01C'), msg('01B'), msg('01A')]);
    expect(out.map((m) => m.id)).toEqual(['01A', '01B', '01C', '01D']);
  });

  it('keeps a live edit when an older copy arrives later', () => {
    const edited = msg('01A', { text: 'new', editedAt: '2026-01-01T00:05:00.000Z' });
    const out = mergeMessages([edited], [msg('01A', { text: 'old' })]);
    expect(out[0]?.text).toBe('new');
    expect(out[0]?.editedAt).toBe('2026-01-01T00:05:00.000Z');
  });

  it('applies a newer edit over an older copy', () => {
    const out = mergeMessages([msg('01A')], [msg('01A', { text: 'new', editedAt: '2026-01-01T00:05:00.000Z' })]);
    expect(out[0]?.text).toBe('new');
  });
});

describe('countReply', () => {
  it('increments the root once for a new reply only', () => {
    const list = [msg('01A', { replyCount: 1 })];
    const reply = msg('01B', { threadRootId: '01A', createdAt: '2026-01-02T00:00:00.000Z' });
    expect(countReply(list, reply, false)[0]?.replyCount).toBe(2);
    expect(countReply(list, reply, true)[0]?.replyCount).toBe(1);
  });
});
