import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageText } from '../components/message-text.tsx';
import { casePillLabel, hasCaseMention, splitCaseMentions } from './case-mentions.ts';

describe('case mentions', () => {
  it('splits text into plain pieces and `case #N` mentions', () => {
    expect(splitCaseMentions('see Case #12, then case#3.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'case', text: 'Case #12', number: 12 },
      { kind: 'text', text: ', then ' },
      { kind: 'case', text: 'case#3', number: 3 },
      { kind: 'text', text: '.' },
    ]);
    expect(hasCaseMention('channel #12 and showcase #4')).toBe(false);
  });

  it('words a pill as number · category · state', () => {
    expect(casePillLabel({ number: 7, category: 'self_harm', status: 'waiting' })).toBe('#7 · self harm · waiting');
  });

  it('draws a pill that links for readers who may open the case, a plain pill otherwise, and leaves unknown mentions as text', () => {
    const text = 'look at case #7 and case #8 and case #9';
    const html = renderToStaticMarkup(
      createElement(MessageText, {
        text,
        entities: [],
        caseMentions: [
          { number: 7, category: 'harassment', status: 'assigned', caseId: 'c_7' },
          { number: 8, category: 'spam', status: 'open' },
        ],
      }),
    );
    expect(html).toContain('<a class="case-pill" href="/cases/c_7" title="Open case #7">#7 · harassment · assigned</a>');
    expect(html).toContain('<span class="case-pill" title="Case #8">#8 · spam · open</span>');
    expect(html).not.toContain('href="/cases/undefined"');
    expect(html).toContain(' and case #9');
  });
});
