/**
 * Letters written in place of digits inside a number (`+1 202 555 O142`, `4111 1111 1111 111l`):
 * a reader reads `O`/`o` as 0 and `l`/`I` as 1. {@link withDigitLookalikes} gives a same-length
 * copy of the text with such letters replaced, only where the letter stands alone between digits
 * and separators (a neighbour is a digit, no neighbour is a letter), so words are never touched.
 */
import { isAsciiLetter, isDigit } from './chars.ts';

const LOOKALIKE: Readonly<Record<string, string>> = { O: '0', o: '0', l: '1', I: '1' };
const CANDIDATE = /(?<![A-Za-z])[OolI](?![A-Za-z])/g;

/**
 * The copy of `text` with digit lookalikes inside numbers replaced (same length, so offsets carry
 * over), or undefined when there is none.
 */
export function withDigitLookalikes(text: string): string | undefined {
  let parts: string[] | undefined;
  let from = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m !== null; m = CANDIDATE.exec(text)) {
    const i = m.index;
    const p = text.charCodeAt(i - 1);
    const n = text.charCodeAt(i + 1);
    if (!isDigit(p) && !isDigit(n)) continue;
    if (isAsciiLetter(p) || isAsciiLetter(n)) continue;
    parts ??= [];
    parts.push(text.slice(from, i), LOOKALIKE[m[0]] as string);
    from = i + 1;
  }
  if (parts === undefined) return undefined;
  parts.push(text.slice(from));
  return parts.join('');
}
