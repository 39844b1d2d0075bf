/**
 * "Analyze as shown": the text as a chat client shows it. Markdown marks (`*`, `_`, `~`, `` ` ``),
 * backslash escapes and invisible characters vanish on screen, so `192.0.2.**44**`,
 * `**jane**@example.com` or `192\.0\.2\.44` read as the whole value while the analyzer, seeing the
 * typed text, finds nothing or a part. {@link analyzeAsShown} analyzes the typed text and its
 * shown view and maps what the view adds back onto the typed text. The one entry point for every
 * caller that must agree with what readers see: the message guard, the composer preview and the
 * exposure report of an import. A run after a right-to-left override (U+202E) is shown reversed,
 * so the view holds it reversed back (`‮44.2.0.291` reads `192.0.2.44`).
 */
import { analyze as analyzeDefault } from '../analyzer.ts';
import type { Finding } from '../types.ts';

const MARKS = new Set(['*', '_', '~', '`']);
const ESCAPABLE = /[!-/:-@[-`{-~]/;
const PERCENT = /^[0-9A-Fa-f]{2}$/;
// zero-width and tag characters (U+E0000–E007F, invisible ASCII twins) are not seen either
const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u;
// any character the view could drop or decode (a fast path: most texts have none)
const MAY_CHANGE = /[*_~`\\%\p{Default_Ignorable_Code_Point}]/u;

/** The shown view of a text: its characters and, per view code unit, the typed span it comes from. */
export interface ShownView {
  text: string;
  /** Per view UTF-16 code unit: where it starts in the typed text. */
  at: number[];
  /** Per view UTF-16 code unit: where it ends in the typed text (exclusive). */
  to: number[];
}

/**
 * The displayed view of `text` and, per view code unit, where it starts (`at`) and ends (`to`,
 * exclusive) in `text`; null when the view equals the text. Percent-escapes of printable ASCII
 * (`%40`, `%2E`) are decoded too: link targets open decoded (a mail client shows the address).
 */
export function shownView(text: string): ShownView | null {
  if (!MAY_CHANGE.test(text)) return null;
  // one entry per view UTF-16 code unit (joined at the end), so reversing a run costs its length
  const out: string[] = [];
  const at: number[] = [];
  const to: number[] = [];
  let changed = false;
  // start (in `out`) of the run after a right-to-left override, shown reversed, or -1
  let rlo = -1;
  const endOverride = (): void => {
    if (rlo >= 0) reverseFrom(rlo, out, at, to);
    rlo = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === RLO) {
      endOverride();
      rlo = out.length;
      changed = true;
      continue;
    }
    if (rlo >= 0 && (c === PDF || c === '\n')) endOverride();
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
      out.push(String.fromCharCode(code));
      at.push(i);
      to.push(i + 3);
      i += 2;
      changed = true;
      continue;
    }
    out.push(c);
    at.push(i);
    to.push(i + 1);
  }
  endOverride();
  return changed ? { text: out.join(''), at, to } : null;
}

/** U+202E RIGHT-TO-LEFT OVERRIDE: what follows (to U+202C or the line's end) is displayed reversed. */
const RLO = '\u202e';
/** U+202C POP DIRECTIONAL FORMATTING. */
const PDF = '\u202c';

/** Swaps entries `i` and `j` of the three arrays. */
function swap(out: string[], at: number[], to: number[], i: number, j: number): void {
  [out[i], out[j]] = [out[j] as string, out[i] as string];
  [at[i], at[j]] = [at[j] as number, at[i] as number];
  [to[i], to[j]] = [to[j] as number, to[i] as number];
}

/**
 * Reverses the view from `from` on, in place, by code point (what a reader sees of an overridden
 * run: `44.2.0.291` typed after U+202E is displayed `192.0.2.44`), with the `at`/`to` entries.
 */
function reverseFrom(from: number, out: string[], at: number[], to: number[]): void {
  for (let i = from, j = out.length - 1; i < j; i++, j--) swap(out, at, to, i, j);
  // a surrogate pair came out low-high: put each pair back in order
  for (let k = from; k + 1 < out.length; k++) {
    const lo = (out[k] as string).charCodeAt(0);
    const hi = (out[k + 1] as string).charCodeAt(0);
    if (lo >= 0xdc00 && lo <= 0xdfff && hi >= 0xd800 && hi <= 0xdbff) {
      swap(out, at, to, k, k + 1);
      k++;
    }
  }
}

/**
 * The analyzer {@link analyzeAsShown} calls: `view` is false for the typed text and true for its
 * shown view (callers feeding a conversation memory feed it from the typed text only).
 */
export type ShownAnalyze = (text: string, view: boolean) => Finding[];

/**
 * Findings of the typed `text` plus findings of its {@link shownView} that no typed-text finding
 * covers whole (replacing the typed-text findings they cover: "jane" of `**jane**@example.com`
 * gives way to the whole address), their spans mapped onto the typed text (UTF-16, end-exclusive;
 * a span covers the marks inside it). `analyze` defaults to the package's {@link analyzeDefault}
 * with default options. Never throws on string input unless `analyze` does.
 */
export function analyzeAsShown(text: string, analyze: ShownAnalyze = (t) => analyzeDefault(t)): Finding[] {
  const found = analyze(text, false);
  const view = shownView(text);
  if (!view) return found;
  const extra: Finding[] = [];
  for (const f of analyze(view.text, true)) {
    // a reversed run (right-to-left override) maps a view span onto a typed span backwards
    let start: number | undefined;
    let end: number | undefined;
    for (let k = f.start; k < f.end; k++) {
      const a = view.at[k];
      const b = view.to[k];
      if (a === undefined || b === undefined) continue;
      start = start === undefined ? a : Math.min(start, a);
      end = end === undefined ? b : Math.max(end, b);
    }
    if (start === undefined || end === undefined) continue;
    const mapped = { ...f, start, end };
    if (!found.some((g) => g.start <= mapped.start && mapped.end <= g.end)) extra.push(mapped);
  }
  if (extra.length === 0) return found;
  return [...found.filter((g) => !extra.some((x) => x.start <= g.start && g.end <= x.end)), ...extra].sort((a, b) => a.start - b.start);
}
