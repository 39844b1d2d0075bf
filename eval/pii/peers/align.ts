/**
 * Recovers typed spans from a redacted text, for peers that only return the text with each
 * finding replaced by a fixed placeholder (`redact-pii`, `@redactpii/node`).
 *
 * Method: the redacted output is split at the known placeholder words into literal pieces
 * L0 P1 L1 … Pn Ln. The input must then read L0 X1 L1 … Xn Ln with every Xi non-empty; Xi is
 * the original text that placeholder Pi replaced. The alignment is found with one anchored
 * regular expression (`^L0([\s\S]+?)L1…Ln$`, lazy groups, `d` flag for group indices), i.e.
 * the leftmost-shortest reading. It is exact when the literal after a placeholder does not
 * also occur inside the replaced text; otherwise the span may end early (rare: literals are
 * usually long). Placeholders nested by a later rule (a rule matching text that already holds
 * a placeholder) come out as one span covering both, typed by the outer placeholder.
 * When no alignment exists (input itself contained a placeholder word), returns `null`.
 */
import type { EntityType } from '@enclave/pii';
import type { Span } from '../types.ts';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds an aligner for one peer's placeholder → type table (`null` = placeholder not ours). */
export function makeAligner(
  table: Readonly<Record<string, EntityType | null>>,
): (input: string, output: string) => Span[] | null {
  const words = Object.keys(table).sort((a, b) => b.length - a.length);
  const splitter = new RegExp(`(${words.map(escapeRe).join('|')})`, 'g');
  return (input, output) => {
    if (input === output) return [];
    const parts = output.split(splitter);
    // parts: literal, placeholder, literal, placeholder, …, literal
    const placeholders: string[] = [];
    let source = '^';
    parts.forEach((p, i) => {
      if (i % 2 === 1) {
        placeholders.push(p);
        source += '([\\s\\S]+?)';
      } else source += escapeRe(p);
    });
    source += '$';
    if (!placeholders.length) return null;
    const m = new RegExp(source, 'd').exec(input);
    if (!m?.indices) return null;
    const spans: Span[] = [];
    placeholders.forEach((ph, k) => {
      const type = table[ph];
      const range = m.indices?.[k + 1];
      if (type && range) spans.push({ type, start: range[0], end: range[1] });
    });
    return spans;
  };
}
