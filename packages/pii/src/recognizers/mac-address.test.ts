import { describe, expect, it } from 'vitest';
import { macAddressRecognizer } from './mac-address.ts';

const opts = { phoneRegions: ['US'] };
const spans = (t: string): string[] => macAddressRecognizer.analyze(t, opts).map((r) => t.slice(r.start, r.end));

describe('MAC address recognizer', () => {
  it('finds colon, hyphen and Cisco dot forms', () => {
    expect(spans('MACs: 00:1A:2B:3C:4D:5E and aa-bb-cc-dd-ee-0f, aabb.ccdd.ee0f.')).toEqual(['00:1A:2B:3C:4D:5E', 'aa-bb-cc-dd-ee-0f', 'aabb.ccdd.ee0f']);
  });
  it('rejects mixed separators, broadcast, zero and longer runs', () => {
    expect(spans('10:2F:33-AC-29-C3 FF:FF:FF:FF:FF:FF 00:00:00:00:00:00')).toEqual([]);
    expect(spans('00:1A:2B:3C:4D:5E:6F fe80:00:1A:2B:3C:4D:5E')).toEqual([]);
  });
});

describe('MAC address recognizer near look-alikes', () => {
  it('finds a MAC right after a time stamp', () => {
    expect(spans('12:34:56 00:11:22:33:44:55')).toEqual(['00:11:22:33:44:55']);
  });
});
