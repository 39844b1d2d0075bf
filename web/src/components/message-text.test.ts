import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageText } from './message-text.tsx';

function render(text: string, entities: { entityType: string; start: number; end: number; token: string }[] = []): string {
  return renderToStaticMarkup(createElement(MessageText, { text, entities }));
}

describe('MessageText', () => {
  it('escapes markup instead of rendering it', () => {
    const html = render('<img src=x onerror=alert(1)><script>x()</script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws a chip button only where entities say, typed look-alikes stay text', () => {
    const text = 'mail [EMAIL_ADDRESS] and typed [EMAIL_ADDRESS]';
    const html = render(text, [{ entityType: 'EMAIL_ADDRESS', start: 5, end: 20, token: 'tok_abcdefgh1234' }]);
    // The chip shows the type and the token's last four characters.
    expect(html.match(/<button[^>]*class="chip"[^>]*>EMAIL_ADDRESS · 1234<\/button>/g)).toHaveLength(1);
    expect(html).toContain('<span> and typed [EMAIL_ADDRESS]</span>');
    expect(html).not.toContain('abcdefgh'); // the full vault token is not put in the DOM
  });

  it('links only http(s) URLs, in a new tab without referrer or opener', () => {
    const html = render('go https://example.com/x or javascript:alert(1)');
    expect(html).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">https://example.com/x</a>');
    expect(html).not.toContain('href="javascript');
  });
});
