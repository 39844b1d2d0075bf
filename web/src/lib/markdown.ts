/**
 * A message's stored text as a tree of safe nodes, with a Markdown subset (bold, italic, strike,
 * inline code, code blocks, quotes, lists, links) parsed by markdown-it configured with no raw
 * HTML. The tree is rendered as React elements (components/message-markdown.tsx), never as HTML.
 *
 * Chips stay chips inside formatting: before parsing, each entity span (from `entities` only,
 * UTF-16 offsets, half-open) is replaced by one private-use character that Markdown treats like
 * a letter; text nodes are split on those characters afterwards and become chip nodes. Private-
 * use characters already in the text are replaced by U+FFFD first, so typed text cannot fake a
 * chip. Links keep only `http:`, `https:` and `mailto:` targets (never `javascript:`/`data:`);
 * a target that would contain a chip is refused.
 *
 * Markdown bombs: a text whose lines nest containers deeper than {@link MAX_MARKERS} (quotes,
 * list markers) or indent more than {@link MAX_INDENT} columns is shown as plain text (with its
 * chips), so nothing is dropped by markdown-it's nesting limit and parsing stays fast.
 */
import MarkdownIt from 'markdown-it';
import type { MessageEntity } from '../api/types.ts';

/** One node of a rendered message. */
export type MdNode =
  | { kind: 'text'; text: string }
  | { kind: 'chip'; entity: MessageEntity }
  | { kind: 'break' }
  | { kind: 'el'; tag: MdTag; children: MdNode[]; href?: string; start?: number };

/** Elements a message may contain. */
export type MdTag = 'p' | 'strong' | 'em' | 's' | 'code' | 'pre' | 'blockquote' | 'ul' | 'ol' | 'li' | 'a';

/** Most container markers (`>`, `-`, `1.`) at the start of one line before plain text is used. */
export const MAX_MARKERS = 12;
/** Widest leading indentation (columns) before plain text is used. */
export const MAX_INDENT = 64;

const FIRST_MARK = 0xe100;
const LAST_MARK = 0xf8ff;
const MARK_RE = /[\ue100-\uf8ff]/g;
const HAS_MARK = /[\ue100-\uf8ff]/;
const SCHEMES = new Set(['http:', 'https:', 'mailto:']);

const md = new MarkdownIt('zero', { html: false, breaks: true, linkify: true, maxNesting: 100 }).enable([
  'emphasis',
  'strikethrough',
  'backticks',
  'fence',
  'code',
  'blockquote',
  'list',
  'link',
  'linkify',
  'newline',
  'escape',
]);
type Token = ReturnType<typeof md.parse>[number];
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
md.validateLink = (url: string): boolean => safeLink(url) !== null;

/** The normalised target when `url` is an absolute http/https/mailto URL without chip marks, else null. */
export function safeLink(url: string): string | null {
  if (HAS_MARK.test(url)) return null;
  try {
    const u = new URL(url.trim());
    if (!SCHEMES.has(u.protocol)) return null;
    if (u.protocol !== 'mailto:' && !u.hostname) return null;
    return u.href;
  } catch {
    return null;
  }
}

/** Valid entities (in range, non-overlapping), in text order. */
function validEntities(text: string, entities: readonly MessageEntity[]): MessageEntity[] {
  const sorted = [...entities]
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end > e.start && e.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const out: MessageEntity[] = [];
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) continue;
    out.push(e);
    pos = e.end;
  }
  return out.slice(0, LAST_MARK - FIRST_MARK + 1);
}

/** Whether some line nests containers too deep for Markdown (see module note). */
export function tooDeep(text: string): boolean {
  for (const line of text.split('\n')) {
    const indent = /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '    ').length ?? 0;
    if (indent > MAX_INDENT) return true;
    let rest = line;
    let markers = 0;
    for (;;) {
      const m = /^[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/.exec(rest);
      if (!m || m[0].length === 0) break;
      markers += 1;
      if (markers > MAX_MARKERS) return true;
      rest = rest.slice(m[0].length);
    }
  }
  return false;
}

/** Splits `s` on chip marks into text and chip nodes. */
function splitMarks(s: string, chips: readonly MessageEntity[]): MdNode[] {
  const out: MdNode[] = [];
  let pos = 0;
  for (const m of s.matchAll(MARK_RE)) {
    const i = m.index;
    if (i > pos) out.push({ kind: 'text', text: s.slice(pos, i) });
    const e = chips[m[0].charCodeAt(0) - FIRST_MARK];
    if (e) out.push({ kind: 'chip', entity: e });
    pos = i + 1;
  }
  if (pos < s.length) out.push({ kind: 'text', text: s.slice(pos) });
  return out;
}

/** Plain rendering: text and chips, newlines as breaks (for Markdown bombs). */
function plainNodes(marked: string, chips: readonly MessageEntity[]): MdNode[] {
  const out: MdNode[] = [];
  marked.split('\n').forEach((line, i) => {
    if (i > 0) out.push({ kind: 'break' });
    out.push(...splitMarks(line, chips));
  });
  return [{ kind: 'el', tag: 'p', children: out }];
}

const OPEN: Record<string, MdTag> = {
  paragraph_open: 'p',
  strong_open: 'strong',
  em_open: 'em',
  s_open: 's',
  blockquote_open: 'blockquote',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  link_open: 'a',
};

/** Builds nodes from a markdown-it token stream (iteratively: no recursion on nesting depth). */
function fromTokens(tokens: readonly Token[], chips: readonly MessageEntity[], root: MdNode[]): void {
  const stack: Array<{ children: MdNode[]; hidden: boolean }> = [{ children: root, hidden: false }];
  const top = () => stack[stack.length - 1] ?? { children: root, hidden: false };
  for (const t of tokens) {
    if (t.type === 'inline') {
      fromTokens(t.children ?? [], chips, top().children);
      continue;
    }
    const tag = OPEN[t.type];
    if (tag) {
      if (t.hidden) {
        stack.push({ children: top().children, hidden: true }); // tight list paragraphs: no <p>
        continue;
      }
      const el: MdNode & { kind: 'el' } = { kind: 'el', tag, children: [] };
      if (tag === 'a') {
        const href = safeLink(String(t.attrGet('href') ?? ''));
        if (!href) {
          stack.push({ children: top().children, hidden: true });
          continue;
        }
        el.href = href;
      }
      if (tag === 'ol') {
        const start = Number(t.attrGet('start') ?? '1');
        if (Number.isSafeInteger(start) && start !== 1) el.start = start;
      }
      top().children.push(el);
      stack.push({ children: el.children, hidden: false });
      continue;
    }
    if (t.nesting === -1) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const into = top().children;
    switch (t.type) {
      case 'text':
      case 'text_special':
        into.push(...splitMarks(t.content, chips));
        break;
      case 'code_inline':
        into.push({ kind: 'el', tag: 'code', children: splitMarks(t.content, chips) });
        break;
      case 'fence':
      case 'code_block':
        into.push({ kind: 'el', tag: 'pre', children: [{ kind: 'el', tag: 'code', children: splitMarks(t.content.replace(/\n$/, ''), chips) }] });
        break;
      case 'softbreak':
      case 'hardbreak':
        into.push({ kind: 'break' });
        break;
      default:
        if (t.content) into.push(...splitMarks(t.content, chips));
    }
  }
}

/**
 * Parses a stored message text and its entities into safe nodes. Never throws for any input;
 * every character of `text` outside chips appears in some text node (Markdown syntax aside).
 */
export function parseMessage(text: string, entities: readonly MessageEntity[] = []): MdNode[] {
  const chips = validEntities(text, entities);
  let marked = '';
  let pos = 0;
  chips.forEach((e, i) => {
    marked += text.slice(pos, e.start).replace(MARK_RE, '\ufffd') + String.fromCharCode(FIRST_MARK + i);
    pos = e.end;
  });
  marked += text.slice(pos).replace(MARK_RE, '\ufffd');
  if (tooDeep(marked)) return plainNodes(marked, chips);
  const out: MdNode[] = [];
  fromTokens(md.parse(marked, {}), chips, out);
  return out;
}
