import { describe, expect, it } from 'vitest';
import { avatarColour, initials, localTime, shownName, utcText } from './people.ts';

describe('initials', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['ada', 'A'],
    ['  Grace  Brewster  Hopper ', 'GH'],
    ['élodie durand', 'ÉD'],
    ['(Bo) Svensson', 'BS'],
    ['', '?'],
    ['   ', '?'],
    ['🙂', '?'],
  ])('%j → %s', (name, want) => expect(initials(name)).toBe(want));
});

describe('avatarColour', () => {
  it('is stable for one id and differs between ids', () => {
    expect(avatarColour('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(avatarColour('01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    const hues = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => avatarColour(`01ARZ3NDEKTSV4RRFFQ69G5FA${id}`)));
    expect(hues.size).toBeGreaterThan(3);
    expect(avatarColour('x')).toMatch(/^hsl\(\d{1,3} 45% 32%\)$/);
  });
});

describe('shownName', () => {
  it('prefers a non-blank display name', () => {
    expect(shownName({ name: 'Ada Lovelace', displayName: 'Ada L.' })).toBe('Ada L.');
    expect(shownName({ name: 'Ada Lovelace', displayName: '  ' })).toBe('Ada Lovelace');
    expect(shownName({ name: 'Ada Lovelace' })).toBe('Ada Lovelace');
  });
});

describe('localTime', () => {
  const at = new Date('2026-12-05T07:45:00Z');
  it('formats in the zone, 24-hour', () => {
    expect(localTime('Europe/Berlin', at)).toBe('08:45');
    expect(localTime('America/New_York', at)).toBe('02:45');
    expect(localTime('UTC', at)).toBe('07:45');
  });
  it('null for none or unknown', () => {
    expect(localTime('', at)).toBeNull();
    expect(localTime('Mars/Olympus', at)).toBeNull();
  });
});

describe('utcText', () => {
  it('shows the instant in UTC whatever the browser zone', () => {
    expect(utcText('2026-12-05T23:59:58.123Z')).toBe('2026-12-05 23:59:58 UTC');
    expect(utcText('2026-12-05T01:00:00+02:00')).toBe('2026-12-04 23:00:00 UTC');
    expect(utcText('not a date')).toBe('not a date');
  });
});
