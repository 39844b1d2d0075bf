import { describe, expect, it } from 'vitest';
import { analyze } from './analyzer.ts';

const found = (t: string): string[] => analyze(t).map((f) => `${f.entityType}:${t.slice(f.start, f.end)}`);

describe('analyzer on encoded and decorated values (issue 9)', () => {
  it('finds percent-encoded and full-width phone numbers, with offsets into the original', () => {
    expect(found('call %34%31%35%35%35%35%30%31%33%32 now')).toEqual(['PHONE_NUMBER:%34%31%35%35%35%35%30%31%33%32']);
    expect(found('call ４１５-５５５-０１３２')).toEqual(['PHONE_NUMBER:４１５-５５５-０１３２']);
  });
  it('finds card numbers decorated with combining marks or split by zero-width characters', () => {
    const underlined = [...'4111 1111 1111 1111'].map((c) => (c === ' ' ? c : c + '\u0332')).join('');
    expect(found(`card ${underlined}`)).toEqual([`CREDIT_CARD:${underlined}`]);
    expect(found('card 4111\u200B1111\u200B1111\u200B1111')).toEqual(['CREDIT_CARD:4111\u200B1111\u200B1111\u200B1111']);
  });
  it('reads decimal coordinates as GEO_COORDINATES, never a phone or card', () => {
    expect(found('we are at 37.7749, -122.4194 now')).toEqual(['GEO_COORDINATES:37.7749, -122.4194']);
  });
  it('keeps famous invalid sample SSNs non-findings, as Presidio does', () => {
    expect(found('ssn 078-05-1120, 219-09-9999 or 123-45-6789')).toEqual([]);
  });
});

describe('decimal coordinates separated by a space (issue 9)', () => {
  it('are GEO_COORDINATES, never a phone or card; lists of numbers are not', () => {
    expect(found('pin 37.774929 -122.419416 thx')).toEqual(['GEO_COORDINATES:37.774929 -122.419416']);
    expect(found('load 0.12345 0.23456 0.34567')).toEqual([]);
    expect(found('ratio 12.3456 7.8901')).toEqual([]);
  });
});

describe('decimal pairs are never phone numbers (issue 9)', () => {
  it('whatever their digits spell in some region', () => {
    const phones = (t: string): string[] => analyze(t, { entities: ['PHONE_NUMBER'] }).map((f) => t.slice(f.start, f.end));
    expect(phones('ratio 12.3456 7.8901')).toEqual([]);
    expect(phones('at 37.7749 -122.4194')).toEqual([]);
    expect(phones('call 415.555.0132')).toEqual(['415.555.0132']);
  });
});

describe('red team 4: digits of other scripts and other full stops', () => {
  it('finds a phone number written in Arabic-Indic or Extended Arabic-Indic digits', () => {
    // before: no finding (NFKC leaves these digits as they are)
    expect(found('phone +1 ٢٠٢ ٥٥٥ ٠١٤٢ please')).toEqual(['PHONE_NUMBER:+1 ٢٠٢ ٥٥٥ ٠١٤٢']);
    expect(found('phone +1 ۲۰۲ ۵۵۵ ۰۱۴۲ please')).toEqual(['PHONE_NUMBER:+1 ۲۰۲ ۵۵۵ ۰۱۴۲']);
    expect(found('ip १९२.०.२.४४ now')).toEqual(['IP_ADDRESS:१९२.०.२.४४']);
  });
  it('finds an e-mail address whose domain dot is an ideographic full stop', () => {
    expect(found('mail jane.doe@example。com now')).toEqual(['EMAIL_ADDRESS:jane.doe@example。com']);
    expect(found('mail jane.doe@example｡com now')).toEqual(['EMAIL_ADDRESS:jane.doe@example｡com']);
  });
});

describe('red team 4: a real @ with a spelled or middle-dot domain dot', () => {
  it('finds jane@example dot com and addresses dotted with a middle dot or bullet', () => {
    // before: no finding for any of them
    expect(found('mail jane@example dot com now')).toEqual(['EMAIL_ADDRESS:jane@example dot com']);
    expect(found('mail jane@example·com now')).toEqual(['EMAIL_ADDRESS:jane@example·com']);
    expect(found('mail jane@example•com now')).toEqual(['EMAIL_ADDRESS:jane@example•com']);
  });
});
