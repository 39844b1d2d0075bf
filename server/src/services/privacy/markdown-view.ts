/**
 * The text as the web app shows it: Markdown marks (`*`, `_`, `~`, `` ` ``) and backslash escapes
 * vanish on screen, so `192.0.2.**44**`, `jane.doe@**example.com**` or `192\.0\.2\.44` read as the
 * whole value while the analyzer, seeing the typed text, finds nothing. The guard analyzes this
 * view too and maps what it finds back onto the typed text.
 */
import type { Finding } from '@enclave/pii';

const MARKS = new Set(['*', '_', '~', '`']);
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const PERCENT = /^[0-9A-Fa-f]{2}$/;
// zero-width and tag characters (U+E0000–E007F, invisible ASCII twins) are not seen either
const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u;

/**
 * The displayed view of `text` and, per view code unit, where it starts (`at`) and ends (`to`,
 * exclusive) in `text`; null when the view equals the text. Percent-escapes of printable ASCII
 * (`%40`, `%2E`) are decoded too: link targets open decoded (a mail client shows the address).
 */
export function markdownView(text: string): { text: string; at: number[]; to: number[] } | null {
  let out = '';
  const at: number[] = [];
  const to: number[] = [];
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (MARKS.has(c)) {
      changed = true;
      continue;
    }
    const cp = String.fromCodePoint(text.codePointAt(i) as number);
    if (INVISIBLE.test(cp)) {
      i += cp.length - 1;
      changed = true;
      continue;
    }
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1] as string)) {
      changed = true;
      continue;
    }
    const hex = c === '%' ? PERCENT.exec(text.slice(i + 1, i + 3)) : null;
    const code = hex ? parseInt(hex[0], 16) : 0;
    if (hex && code >= 0x21 && code <= 0x7e) {
      out += String.fromCharCode(code);
      at.push(i);
      to.push(i + 3);
      i += 2;
      changed = true;
      continue;
    }
    out += c;
    at.push(i);
    to.push(i + 1);
  }
  return changed ? { text: out, at, to } : null;
}

/**
 * Wraps an analyzer: findings of the typed text, plus findings of its {@link markdownView} that no
 * typed-text finding covers whole (replacing the typed-text findings they cover), their spans mapped onto the typed text (UTF-16, end-exclusive;
 * a span covers the marks inside it). The view is analyzed without the channel, so conversation
 * memory is fed once per message.
 */
export function withMarkdownView<O>(analyze: (text: string, channelId?: string, opts?: O) => Finding[]): (text: string, channelId?: string, opts?: O) => Finding[] {
  return (text, channelId, opts) => {
    const found = analyze(text, channelId, opts);
    const view = markdownView(text);
    if (!view) return found;
    const extra: Finding[] = [];
    for (const f of analyze(view.text, undefined, opts)) {
      const start = view.at[f.start];
      const end = view.to[f.end - 1];
      if (start === undefined || end === undefined) continue;
      const mapped = { ...f, start, end };
      if (!found.some((g) => g.start <= mapped.start && mapped.end <= g.end)) extra.push(mapped);
    }
    if (extra.length === 0) return found;
    // a typed-text finding inside a longer view finding ("jane" of `jane.doe@**example.com**`) gives way to it
    return [...found.filter((g) => !extra.some((x) => x.start <= g.start && g.end <= x.end)), ...extra];
  };
}
