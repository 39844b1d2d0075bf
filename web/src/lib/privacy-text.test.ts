import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { AnalyzeFinding } from '../api/privacy-types.ts';
import {
  blockedFindings,
  chipLabel,
  readableType,
  highlightPieces,
  justificationMissing,
  markOffered,
  revealErrorText,
  secondsLeft,
  summarizeFindings,
  tokenSuffix,
} from './privacy-text.ts';

function finding(entityType: string, start: number, end: number, action: AnalyzeFinding['action']): AnalyzeFinding {
  return { entityType, start, end, action, score: 0.9, recognizer: 'r', explanation: '' };
}

describe('chip labels', () => {
  it('uses the last four characters of the token without its prefix', () => {
    expect(tokenSuffix('tok_c7n6jvc6nelnyrkb')).toBe('yrkb');
    expect(tokenSuffix('ab')).toBe('ab');
  });
  it('shows the type in words, never a code or token id', () => {
    expect(chipLabel('EMAIL_ADDRESS')).toBe('E-mail address');
    expect(chipLabel('US_DRIVER_LICENSE')).toBe("Driver's licence");
    expect(chipLabel('KNOWN_SUBJECT')).toBe("Case subject's data");
    expect(chipLabel('SOME_NEW_TYPE')).toBe('Some new type');
    expect(readableType('EMAIL_ADDRESS')).toBe('e-mail address');
    expect(readableType('IP_ADDRESS')).toBe('IP address');
  });
});

describe('justification', () => {
  it('counts trimmed characters still missing', () => {
    expect(justificationMissing('')).toBe(12);
    expect(justificationMissing('   short   ')).toBe(7);
    expect(justificationMissing('checking case 1234')).toBe(0);
  });
});

describe('secondsLeft', () => {
  it('rounds up and never goes below zero', () => {
    expect(secondsLeft(60_000, 0)).toBe(60);
    expect(secondsLeft(60_000, 59_001)).toBe(1);
    expect(secondsLeft(60_000, 61_000)).toBe(0);
  });
});

describe('revealErrorText', () => {
  it('names the reason for each refusal', () => {
    expect(revealErrorText(new ApiError(403, 'reveal_denied', 'Broad channels allow no reveal'))).toMatch(/need-to-know/);
    expect(revealErrorText(new ApiError(410, 'erased', 'gone'))).toMatch(/erased/);
    expect(revealErrorText(new ApiError(429, 'rate_limited', 'slow'))).toMatch(/privacy officers were alerted/);
  });
});

describe('summarizeFindings', () => {
  it('lists protected types and the broad-channel block', () => {
    const f = [finding('EMAIL_ADDRESS', 0, 5, 'tokenize'), finding('IP_ADDRESS', 6, 9, 'tokenize'), finding('DEVICE_ID', 10, 14, 'tokenize')];
    expect(summarizeFindings(f, 'team')).toEqual({ protectedLine: '3 items will be protected: e-mail address, IP address, device ID', blockedLine: null });
    const b = summarizeFindings([finding('EMAIL_ADDRESS', 0, 5, 'block')], 'broad');
    expect(b.protectedLine).toBeNull();
    expect(b.blockedLine).toMatch(/^This channel is broad: this message will be blocked .* a private channel\.$/);
  });
  it('says nothing for allowed findings only', () => {
    expect(summarizeFindings([finding('URL', 0, 3, 'allow')], 'team')).toEqual({ protectedLine: null, blockedLine: null });
  });
});

describe('highlightPieces', () => {
  it('splits at valid spans and skips overlapping or out-of-range ones', () => {
    expect(
      highlightPieces('user a@b.c from x', [
        { entityType: 'EMAIL_ADDRESS', start: 5, end: 10 },
        { entityType: 'X', start: 7, end: 9 },
        { entityType: 'Y', start: 15, end: 99 },
      ]),
    ).toEqual([{ text: 'user ' }, { text: 'a@b.c', entityType: 'EMAIL_ADDRESS' }, { text: ' from x' }]);
  });
});

describe('blockedFindings', () => {
  it('reads positions from a personal_data_blocked error only', () => {
    const err = new ApiError(422, 'personal_data_blocked', 'blocked', { findings: [{ entityType: 'IP_ADDRESS', start: 1, end: 3 }, { bogus: 1 }] });
    expect(blockedFindings(err)).toEqual([{ entityType: 'IP_ADDRESS', start: 1, end: 3 }]);
    expect(blockedFindings(new ApiError(400, 'x', 'y', { findings: [] }))).toEqual([]);
  });
});

describe('markOffered', () => {
  it('never for known subjects, never for hard identifiers in broad channels, otherwise yes', () => {
    expect(markOffered('KNOWN_SUBJECT', 'team')).toBe(false);
    expect(markOffered('EMAIL_ADDRESS', 'broad')).toBe(false);
    expect(markOffered('CREDIT_CARD', 'broad')).toBe(false);
    expect(markOffered('EMAIL_ADDRESS', 'team')).toBe(true);
    expect(markOffered('LOCATION', 'broad')).toBe(true);
  });
});
