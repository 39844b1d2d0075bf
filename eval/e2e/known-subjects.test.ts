import { describe, expect, it } from 'vitest';
import { expandV6, fakeSubjects, isPartlyRaw, isRaw, variants } from './known-subjects.ts';

describe('known-subject leak rate helpers', () => {
  it('expands a compressed IPv6 address to eight four-digit groups', () => {
    expect(expandV6('2001:db8::1a0')).toBe('2001:0db8:0000:0000:0000:0000:0000:01a0');
    expect(expandV6('2001:db8:1::')).toBe('2001:0db8:0001:0000:0000:0000:0000:0000');
  });

  it('finds a retyped value in a copy despite case and zero-width characters, not in a protected copy', () => {
    expect(isRaw('please look at Mila.Dunmore@example.com again', 'mil\u200ba.dunmore@example.com')).toBe(true);
    expect(isRaw('please look at [KNOWN_SUBJECT] again', 'mila.dunmore@example.com')).toBe(false);
  });

  it('counts a copy that keeps a distinctive part as partly raw, not the shared prefix or domain', () => {
    expect(isPartlyRaw('call (201) [KNOWN_SUBJECT]-0107', '(201) 555-0107')).toBe(true);
    expect(isPartlyRaw('Dunmore, [PERSON]', 'Dunmore, Mila')).toBe(true);
    expect(isPartlyRaw('see [KNOWN_SUBJECT] at example.com, 2001:0db8', '2001:0db8:0000:0000:0000:0000:0000:0101')).toBe(false);
  });

  it('generates only documentation-range values and retyped forms that differ from the registered ones', () => {
    const [s] = fakeSubjects(1, 't1');
    expect(s?.email).toMatch(/@example\.com$/);
    expect(s?.phone).toBe('+1 201-555-0100');
    expect(s?.ipv4).toBe('192.0.2.1');
    expect(s?.ipv6.startsWith('2001:db8::')).toBe(true);
    const forms = variants(s as NonNullable<typeof s>).map((v) => v.text);
    expect(forms).toContain('(201) 555-0100');
    expect(forms).toContain('2015550100');
    expect(forms).toContain('Dunmore, Zoë'.replace('Dunmore', s?.displayName.split(' ')[1] ?? ''));
  });
});
