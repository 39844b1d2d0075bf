import { describe, expect, it } from 'vitest';
import { applyDraftChange, type ChipDraft } from './chip-draft.ts';

const draft: ChipDraft = {
  text: 'mail [EMAIL_ADDRESS] from [IP_ADDRESS] ok',
  chips: [
    { token: 'tok_a', start: 5, end: 20 },
    { token: 'tok_b', start: 26, end: 38 },
  ],
};

describe('editing around chips', () => {
  it('typing outside chips moves the chips with the text', () => {
    const r = applyDraftChange(draft, 'Update: mail [EMAIL_ADDRESS] from [IP_ADDRESS] ok');
    expect(r.chips).toEqual([
      { token: 'tok_a', start: 13, end: 28 },
      { token: 'tok_b', start: 34, end: 46 },
    ]);
    for (const c of r.chips) expect(r.text.slice(c.start, c.end)).toMatch(/^\[[A-Z_]+\]$/);
  });

  it('typing right before or after a chip keeps it', () => {
    const r = applyDraftChange(applyDraftChange(draft, 'mail x[EMAIL_ADDRESS] from [IP_ADDRESS] ok'), 'mail x[EMAIL_ADDRESS]y from [IP_ADDRESS] ok');
    expect(r.chips.map((c) => r.text.slice(c.start, c.end))).toEqual(['[EMAIL_ADDRESS]', '[IP_ADDRESS]']);
  });

  it('a backspace inside a chip deletes the whole chip; the other chip stays', () => {
    const r = applyDraftChange(draft, 'mail [EMAIL_ADDRESS from [IP_ADDRESS] ok');
    expect(r.text).toBe('mail  from [IP_ADDRESS] ok');
    expect(r.chips).toEqual([{ token: 'tok_b', start: 11, end: 23 }]);
  });

  it('typing inside a chip removes the chip and keeps what was typed', () => {
    const r = applyDraftChange(draft, 'mail [EMAIL_XADDRESS] from [IP_ADDRESS] ok');
    expect(r.text).toBe('mail X from [IP_ADDRESS] ok');
    expect(r.chips.map((c) => c.token)).toEqual(['tok_b']);
    expect(r.text.slice(r.chips[0]?.start, r.chips[0]?.end)).toBe('[IP_ADDRESS]');
  });

  it('a typed look-alike placeholder is not a chip', () => {
    const r = applyDraftChange(draft, 'mail [EMAIL_ADDRESS] from [IP_ADDRESS] ok [IP_ADDRESS]');
    expect(r.chips).toEqual(draft.chips);
  });
});
