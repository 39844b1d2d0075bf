import { describe, expect, it } from 'vitest';
import { idsOfEvents } from './use-names.ts';

describe('idsOfEvents', () => {
  it('collects actors, user/channel targets and userId/channelId details; skips system actors and other targets', () => {
    const ids = idsOfEvents([
      { actor: 'U1', target: 'token:tok_abc', details: { channelId: 'C1', flagged: true } },
      { actor: 'system', target: 'channel:C2', details: null },
      { actor: 'cli', target: 'user:U2', details: { userId: 'U3' } },
      { actor: 'U4', target: 'audit_log', details: { channelId: 7 } },
    ]);
    expect(ids.userIds).toEqual(['U1', 'U2', 'U3', 'U4']);
    expect(ids.channelIds).toEqual(['C1', 'C2']);
  });
});
