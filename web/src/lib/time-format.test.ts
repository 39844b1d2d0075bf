import { describe, expect, it } from 'vitest';
import { formatTime, formatter } from './time-format.ts';

describe('cached time formatting', () => {
  it('keeps one Intl.DateTimeFormat per format', () => {
    expect(formatter('time')).toBe(formatter('time'));
    expect(formatter('day')).not.toBe(formatter('time'));
  });

  it('formats as the Date locale methods do', () => {
    const iso = '2026-03-04T14:05:09.000Z';
    expect(formatTime(iso, 'time')).toBe(new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    expect(formatTime(iso, 'day')).toBe(new Date(iso).toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' }));
  });

  it('gives one day key per local calendar day', () => {
    const a = new Date(2026, 2, 4, 0, 1).toISOString();
    const b = new Date(2026, 2, 4, 23, 59).toISOString();
    const c = new Date(2026, 2, 5, 0, 1).toISOString();
    expect(formatTime(a, 'dayKey')).toBe(formatTime(b, 'dayKey'));
    expect(formatTime(a, 'dayKey')).not.toBe(formatTime(c, 'dayKey'));
  });

  it('gives an empty string for an unparsable instant', () => {
    expect(formatTime('not a date', 'time')).toBe('');
  });
});
