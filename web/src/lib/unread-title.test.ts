import { describe, expect, it } from 'vitest';
import { unreadTitle } from './unread-title.ts';
import { channelIdFromPath, messageIdFromPath, permalinkPath } from '../router.ts';

describe('unreadTitle', () => {
  it('puts the count first and drops it at zero', () => {
    expect(unreadTitle(0)).toBe('Enclave');
    expect(unreadTitle(3)).toBe('(3) Enclave');
    expect(unreadTitle(5000)).toBe('(999+) Enclave');
    expect(unreadTitle(-1)).toBe('Enclave');
  });
});

describe('permalinks', () => {
  it('round-trip through the path and keep the channel route working', () => {
    const p = permalinkPath('01ARZ3NDEKTSV4RRFFQ69G5FAV', '01BX5ZZKBKACTAV9WEVGEMMVRZ');
    expect(p).toBe('/c/01ARZ3NDEKTSV4RRFFQ69G5FAV/m/01BX5ZZKBKACTAV9WEVGEMMVRZ');
    expect(channelIdFromPath(p)).toBe('01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(messageIdFromPath(p)).toBe('01BX5ZZKBKACTAV9WEVGEMMVRZ');
    expect(channelIdFromPath('/c/abc')).toBe('abc');
    expect(messageIdFromPath('/c/abc')).toBeNull();
    expect(channelIdFromPath('/c/abc/x/y')).toBeNull();
  });
});
