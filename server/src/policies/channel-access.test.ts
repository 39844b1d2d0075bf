/** `canAddMember`, `canManageChannel`, `canRemoveMember` (issue 7, item 4): each branch, including the owners-only setting. */
import { describe, expect, it } from 'vitest';
import { canAddMember, canManageChannel, canRemoveMember } from './index.ts';

const channel = (over: Partial<{ kind: string; visibility: string; created_by: string }> = {}) => ({
  id: 'c1',
  name: 'c',
  name_key: 'c',
  visibility: 'private',
  kind: 'channel',
  topic: '',
  dm_key: null,
  created_by: 'creator',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  last_message_at: null,
  ...over,
});
const agent = { id: 'u1', role: 'agent' };
const admin = { id: 'a1', role: 'admin' };
const open = { ownersOnly: false, callerIsOwner: false };
const restricted = { ownersOnly: true, callerIsOwner: false };
const owner = { ownersOnly: true, callerIsOwner: true };

describe('canAddMember', () => {
  it('never for DMs, even for admins and owners', () => {
    expect(canAddMember(admin, channel({ kind: 'dm' }), true, 'x', owner)).toBe(false);
  });
  it('self-join of a public channel; not of a private one', () => {
    expect(canAddMember(agent, channel({ visibility: 'public' }), false, agent.id, open)).toBe(true);
    expect(canAddMember(agent, channel(), false, agent.id, open)).toBe(false);
  });
  it('members and admins add people while not restricted; other non-members do not', () => {
    expect(canAddMember(agent, channel(), true, 'x', open)).toBe(true);
    expect(canAddMember(admin, channel(), false, 'x', open)).toBe(true);
    expect(canAddMember(agent, channel(), false, 'x', open)).toBe(false);
  });
  it('owners only once restricted: members and admins are refused', () => {
    expect(canAddMember(agent, channel(), true, 'x', restricted)).toBe(false);
    expect(canAddMember(admin, channel(), true, 'x', restricted)).toBe(false);
    expect(canAddMember(agent, channel(), true, 'x', owner)).toBe(true);
  });
});

describe('canManageChannel and canRemoveMember', () => {
  it('owners and admins manage; members do not; DMs never', () => {
    expect(canManageChannel(agent, channel(), { callerIsOwner: true })).toBe(true);
    expect(canManageChannel(admin, channel(), { callerIsOwner: false })).toBe(true);
    expect(canManageChannel(agent, channel(), { callerIsOwner: false })).toBe(false);
    expect(canManageChannel(admin, channel({ kind: 'dm' }), { callerIsOwner: true })).toBe(false);
  });
  it('self, creator, owners and admins remove; other members do not', () => {
    expect(canRemoveMember(agent, channel(), agent.id)).toBe(true);
    expect(canRemoveMember({ id: 'creator', role: 'agent' }, channel(), 'x')).toBe(true);
    expect(canRemoveMember(agent, channel(), 'x', { callerIsOwner: true })).toBe(true);
    expect(canRemoveMember(admin, channel(), 'x')).toBe(true);
    expect(canRemoveMember(agent, channel(), 'x')).toBe(false);
  });
});
