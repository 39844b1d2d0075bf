import { describe, expect, it } from 'vitest';
import type { ChatState } from '../../state/chat-store.ts';
import { detailsText, targetText, tokenWords, when } from './audit-format.tsx';

const state = {
  users: new Map([['U1', { id: 'U1', name: 'Ada Lovelace', email: 'ada@example.com', role: 'agent', active: true, createdAt: '' }]]),
  channels: [{ id: 'C1', name: 'payments', kind: 'channel' }],
} as unknown as ChatState;

describe('audit screens: words, not codes', () => {
  it('a token target reads as its entity type in words, never the token id', () => {
    expect(targetText(state, 'token:tok_abcdefghijklmnop', 'EMAIL_ADDRESS')).toBe('✉️ E-mail address');
    expect(targetText(state, 'token:tok_abcdefghijklmnop')).toBe('🔒 Protected item');
    expect(tokenWords(undefined)).not.toContain('tok_');
  });

  it('user and channel targets read as names; unknown ids stay as they are', () => {
    expect(targetText(state, 'user:U1')).toBe('user Ada Lovelace');
    expect(targetText(state, 'channel:C1')).toBe('#payments');
    expect(targetText(state, 'channel:C9')).toBe('channel:C9');
    expect(targetText(state, 'audit_log')).toBe('audit_log');
  });

  it('details turn ids into names and hide token ids', () => {
    const text = detailsText({ channelId: 'C1', userId: 'U1', entityType: 'PHONE_NUMBER', scope: 'channel:C1', token: 'tok_abcdefghijklmnop', flagged: false }, state);
    expect(text).toBe('channel: #payments · person: Ada Lovelace · type: Phone number · scope: #payments · token: a protected item · flagged: false');
    expect(text).not.toContain('tok_');
  });

  it('times are shown in UTC', () => {
    expect(when('2026-12-05T07:45:39.120Z')).toBe('2026-12-05 07:45:39 UTC');
  });
});
