import { describe, expect, it } from 'vitest';
import { findSpelledEmails } from './email-spelled.ts';
import { analyze } from '../analyzer.ts';

const found = (t: string): string[] => findSpelledEmails(t).map((r) => t.slice(r.start, r.end));

describe('e-mail addresses written out (issue 9)', () => {
  it('finds spelled and bracketed at/dot forms, whole', () => {
    expect(found('mail jane dot doe at example dot com')).toEqual(['jane dot doe at example dot com']);
    expect(found('mail jane(at)example(dot)com')).toEqual(['jane(at)example(dot)com']);
    expect(found('jane [at] example [dot] com thanks')).toEqual(['jane [at] example [dot] com']);
    expect(found('write to JANE AT EXAMPLE DOT COM')).toEqual(['JANE AT EXAMPLE DOT COM']);
    expect(found('jane.doe (at) mail.example.org, or jdoe {at} example {dot} net')).toEqual(['jane.doe (at) mail.example.org', 'jdoe {at} example {dot} net']);
  });
  it('leaves sentences with "at" and "dot" alone', () => {
    expect(found('look at example.com')).toEqual([]);
    expect(found('meet at the dot com party')).toEqual([]);
    expect(found('I was at home dot com')).toEqual([]);
    expect(found('we arrived at noon. dot matrix printers')).toEqual([]);
    expect(found('see you at 5 dot')).toEqual([]);
  });
  it('reports them through the analyzer with offsets into the original text', () => {
    const t = 'mail: jane\u200B dot doe at example dot com!';
    const f = analyze(t, { entities: ['EMAIL_ADDRESS'] });
    expect(f.map((x) => t.slice(x.start, x.end))).toEqual(['jane\u200B dot doe at example dot com']);
  });
  it('stays linear on long runs of markers', () => {
    expect(found('a at '.repeat(8000) + 'b dot c')).toBeInstanceOf(Array);
    expect(found('x dot '.repeat(8000) + 'at y dot com')).toBeInstanceOf(Array);
  });
});

describe('letter-spaced e-mail addresses (issue 9)', () => {
  const found = (t: string): string[] => findSpelledEmails(t).map((r) => t.slice(r.start, r.end));
  it('are found whole', () => {
    expect(found('mail j a n e @ e x a m p l e . c o m now')).toEqual(['j a n e @ e x a m p l e . c o m']);
    expect(found('j . d o e @ e x a m p l e . c o . u k')).toEqual(['j . d o e @ e x a m p l e . c o . u k']);
  });
  it('need a domain with a top-level label: a lone @ between letters is not an address', () => {
    expect(found('a @ b')).toEqual([]);
    expect(found('x = y @ z . 1 2')).toEqual([]);
    expect(found('ping me @ lunch . ok')).toEqual([]);
  });
});

describe('defanged and tokenized e-mail addresses (issue 9)', () => {
  const found = (t: string): string[] => findSpelledEmails(t).map((r) => t.slice(r.start, r.end));
  it('are found whole', () => {
    expect(found('reported jane[at]example[.]com today')).toEqual(['jane[at]example[.]com']);
    expect(found('reported jane[@]example[.]com today')).toEqual(['jane[@]example[.]com']);
    expect(found('reported jane@example[.]com today')).toEqual(['jane@example[.]com']);
    expect(found('mail jane @ example . com now')).toEqual(['jane @ example . com']);
    expect(found('mail jane . doe @ mail . example . org')).toEqual(['jane . doe @ mail . example . org']);
  });
  it('leave plain addresses to the e-mail recognizer and spaced @ without a known top-level label alone', () => {
    expect(found('mail jane@example.com')).toEqual([]);
    expect(found('ping me @ lunch . ok')).toEqual([]);
    expect(found('x @ y . z')).toEqual([]);
  });
});

