import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageText } from './message-text.tsx';

type E = { entityType: string; start: number; end: number; token: string };

function render(text: string, entities: E[] = []): string {
  return renderToStaticMarkup(createElement(MessageText, { text, entities }));
}

/** The entity for the first occurrence of `placeholder` in `text`. */
function at(text: string, placeholder: string, entityType: string, token: string): E {
  const start = text.indexOf(placeholder);
  return { entityType, start, end: start + placeholder.length, token };
}

describe('MessageText', () => {
  it('escapes markup instead of rendering it', () => {
    const html = render('<img src=x onerror=alert(1)><script>x()</script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws a chip button only where entities say, typed look-alikes stay text, no token id in the DOM', () => {
    const text = 'mail [EMAIL_ADDRESS] and typed [EMAIL_ADDRESS]';
    const html = render(text, [{ entityType: 'EMAIL_ADDRESS', start: 5, end: 20, token: 'tok_abcdefgh1234' }]);
    expect(html.match(/<button[^>]*class="chip"/g)).toHaveLength(1);
    expect(html).toContain('<span class="chip-label">E-mail address</span>');
    expect(html).toContain(' and typed [EMAIL_ADDRESS]');
    expect(html).not.toContain('abcdefgh');
    expect(html).not.toContain('1234');
    expect(html).not.toContain('EMAIL_ADDRESS ·');
  });

  it('links only http(s) URLs, in a new tab without referrer or opener', () => {
    const html = render('go https://example.com/x or javascript:alert(1)');
    expect(html).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">https://example.com/x</a>');
    expect(html).not.toContain('href="javascript');
  });
});

describe('Markdown subset', () => {
  it('renders bold, italic, strike, inline code, quotes, lists and links', () => {
    const html = render('**bold** _it_ ~~gone~~ `x = 1`\n\n> quoted\n\n- one\n- two\n\n1. first\n2. second\n\n[docs](https://example.com/docs)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('<code>x = 1</code>');
    expect(html).toContain('<blockquote><p>quoted</p></blockquote>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
    expect(html).toContain('<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer">docs</a>');
  });

  it('keeps chips as chips inside bold, quotes, list items and links', () => {
    const text = '**call [PHONE_NUMBER] now**\n\n> from [IP_ADDRESS]\n\n- [EMAIL_ADDRESS]';
    const html = render(text, [
      at(text, '[PHONE_NUMBER]', 'PHONE_NUMBER', 'tok_p1'),
      at(text, '[IP_ADDRESS]', 'IP_ADDRESS', 'tok_i1'),
      at(text, '[EMAIL_ADDRESS]', 'EMAIL_ADDRESS', 'tok_e1'),
    ]);
    expect(html).toMatch(/<strong>call <span class="chip-wrap"><button[^>]*data-entity-type="PHONE_NUMBER"/);
    expect(html).toMatch(/<blockquote><p>from <span class="chip-wrap"><button[^>]*data-entity-type="IP_ADDRESS"/);
    expect(html).toMatch(/<li><span class="chip-wrap"><button[^>]*data-entity-type="EMAIL_ADDRESS"/);
    expect(html).not.toContain('[PHONE_NUMBER]');
  });

  it('a <script> in a code block stays text', () => {
    const html = render('```\n<script>alert(1)</script>\n```');
    expect(html).toContain('<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>');
    expect(html).not.toContain('<script');
  });

  it('javascript: and data: links are never links, in any spelling', () => {
    for (const text of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](  javascript:alert(1))',
      '[x](java\tscript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '<javascript:alert(1)>',
      '[x](vbscript:msgbox(1))',
      '[x](/relative/path)',
    ]) {
      const html = render(text);
      expect([text, html.includes('<a ')]).toEqual([text, false]);
    }
    expect(render('[mail us](mailto:team@example.com)')).toContain('<a href="mailto:team@example.com"');
  });

  it('raw HTML in the text is shown as text', () => {
    const html = render('<b onclick="x()">hi</b> <iframe src="https://example.com"></iframe>');
    expect(html).not.toMatch(/<b |<iframe/);
    expect(html).toContain('&lt;b onclick=&quot;x()&quot;&gt;hi&lt;/b&gt;');
  });

  it('typed private-use characters cannot pose as chips', () => {
    const html = render('fake \ue100 chip', []);
    expect(html).not.toContain('chip-wrap');
    expect(html).toContain('fake \ufffd chip');
  });
});

describe('Markdown bombs', () => {
  it('10,000 nested quotes: plain text, nothing dropped, fast', () => {
    const text = `${'>'.repeat(10_000)} deep words\n\nafter`;
    const t0 = performance.now();
    const html = render(text);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(html).toContain('deep words');
    expect(html).toContain('after');
    expect(html).not.toContain('<blockquote>');
  });

  it('10,000 nested list levels: plain text, nothing dropped', () => {
    const text = `${'- '.repeat(10_000)}bottom item`;
    const html = render(text);
    expect(html).toContain('bottom item');
    expect((html.match(/<ul>/g) ?? []).length).toBeLessThanOrEqual(1);
  });

  it('lists nested by indentation beyond the limit: plain text with every item', () => {
    let text = '';
    for (let i = 0; i < 150; i++) text += `${' '.repeat(i * 2)}- level ${i}\n`;
    expect(text.length).toBeLessThanOrEqual(40_000);
    const html = render(text);
    expect(html).toContain('level 0');
    expect(html).toContain('level 149');
    expect(html).not.toContain('<ul>');
  });

  it('a 40,000-character code block renders as one code block', () => {
    const body = 'a'.repeat(40_000 - 8);
    const t0 = performance.now();
    const html = render(`\`\`\`\n${body}\n\`\`\``);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(html).toBe(`<div class="msg-text md"><pre><code>${body}</code></pre></div>`);
  });
});
