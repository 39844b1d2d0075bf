import { describe, expect, it } from 'vitest';
import { emailRecognizer, findEmails } from './email.ts';

const opts = { phoneRegions: ['US'] };
const spans = (t: string): string[] => emailRecognizer.analyze(t, opts).map((r) => t.slice(r.start, r.end));

describe('email recognizer', () => {
  it('finds addresses with dots, plus tags and IDNA domains', () => {
    expect(spans('mail jane.doe+tag@example.com now')).toEqual(['jane.doe+tag@example.com']);
    expect(spans('user@xn--80ak6aa92e.com')).toEqual(['user@xn--80ak6aa92e.com']);
  });
  it('keeps adjacent addresses apart and drops trailing punctuation', () => {
    expect(spans('cc: a@example.com b@example.org, c@example.net.')).toEqual(['a@example.com', 'b@example.org', 'c@example.net']);
  });
  it('rejects domains without a valid top-level label and lone @', () => {
    expect(spans('my email is info@presidio.')).toEqual([]);
    expect(spans('@handle and a@b and x@ and @')).toEqual([]);
    expect(spans('a..b@example.com')).toEqual([]);
  });
  it('is linear on adversarial dotted local parts', () => {
    const t = 'x' + '.a'.repeat(30000) + '@';
    expect(spans(t)).toEqual([]);
  });
});

describe('email recognizer and Markdown markers', () => {
  const spans = (text: string) => emailRecognizer.analyze(text, opts).map((r) => text.slice(r.start, r.end));
  it('leaves emphasis, strike and code markers out of the address', () => {
    expect(spans('write to **pat@example.com** today')).toEqual(['pat@example.com']);
    expect(spans('old: ~~pat@example.com~~')).toEqual(['pat@example.com']);
    expect(spans('`pat@example.com`')).toEqual(['pat@example.com']);
    expect(spans('*pat.doe@example.com*')).toEqual(['pat.doe@example.com']);
  });
  it('keeps other atext that starts a local part', () => {
    expect(spans('mail _pat@example.com')).toEqual(['_pat@example.com']);
    expect(spans('mail pat*doe@example.com')).toEqual(['pat*doe@example.com']);
  });
});

describe('internationalized local parts (issue 9: values split by combining characters)', () => {
  const spans = (t: string): string[] => emailRecognizer.analyze(t, { phoneRegions: [] }).map((r) => t.slice(r.start, r.end));
  it('keep accented letters, precomposed or with a combining mark, inside the address', () => {
    expect(spans('mail jáne@example.com now')).toEqual(['jáne@example.com']);
    expect(spans('mail ja\u0301ne@example.com now')).toEqual(['ja\u0301ne@example.com']);
  });
  it('do not take CJK words glued before the address', () => {
    expect(spans('連絡先jane@example.com')).toEqual(['jane@example.com']);
  });
});

describe('red team 4: an e-mail address split over a line break at its @', () => {
  const spans = (t: string): string[] => findEmails(t).map((f) => t.slice(f.start, f.end));
  it('is found whole when the line breaks right after or right before the @', () => {
    // before: only "jane" (as a PERSON) was protected; ".doe@⏎example.com" reached colleagues raw
    expect(spans('mail jane.doe@\nexample.com now')).toEqual(['jane.doe@\nexample.com']);
    expect(spans('mail jane.doe@\r\nexample.org')).toEqual(['jane.doe@\r\nexample.org']);
    expect(spans('mail jane.doe\n@example.com now')).toEqual(['jane.doe\n@example.com']);
  });
  it('a line starting with an @mention of a dotted handle is no address', () => {
    expect(spans('please check this\n@ada.lovelace')).toEqual([]);
    expect(spans('two lines\n\n@example.com')).toEqual([]);
  });
});

describe('red team 4: accented (internationalized) domains', () => {
  it('finds an address whose domain has an accented letter, precomposed or with a combining mark', () => {
    // before: no finding at all — the address reached every channel raw
    expect(spans('mail jane.doe@ex\u00e1mple.com now')).toEqual(['jane.doe@ex\u00e1mple.com']);
    expect(spans('mail jane.doe@exa\u0301mple.com now')).toEqual(['jane.doe@exa\u0301mple.com']);
  });
});
