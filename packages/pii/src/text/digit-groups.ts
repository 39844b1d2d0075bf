/**
 * Digit-group scanning shared by the number recognizers (cards, SSN, IMEI): finds runs of digits
 * joined by one consistent single separator, with the boundary rules that keep numbers out of
 * decimals, longer digit runs and alphanumeric tokens (hex ids, UUIDs).
 */
import { isAsciiLetter, isDigit } from './chars.ts';

/** Screen: nine digits with at most one space/hyphen between neighbours (every consumer needs 9+). */
const DIGIT = /\d(?:[ -]?\d){8}/g;

/** A run of digit groups, e.g. `4111 1111 1111 1111` → groups [4,4,4,4]. */
export interface DigitRun {
  start: number;
  /** End offset of each group (exclusive), in order. */
  groupEnds: number[];
  /** Start offset of each group. */
  groupStarts: number[];
  /** The separator code unit between groups (0 when a single group). */
  sep: number;
}

/** Is the code unit at `i` a plausible left boundary for a number (not digit/letter/decimal point)? */
export function leftBoundaryOk(text: string, i: number): boolean {
  const p = text.charCodeAt(i - 1);
  if (isDigit(p) || isAsciiLetter(p) || p === 95) return false;
  if ((p === 46 || p === 44 || p === 45 || p === 47) && isDigit(text.charCodeAt(i - 2))) return false;
  if (p === 45 && isAsciiLetter(text.charCodeAt(i - 2))) return false;
  return true;
}

/** Is the position `e` (exclusive end) a plausible right boundary for a number? */
export function rightBoundaryOk(text: string, e: number): boolean {
  const c = text.charCodeAt(e);
  if (isDigit(c) || isAsciiLetter(c) || c === 95) return false;
  if ((c === 46 || c === 44 || c === 45 || c === 47) && (isDigit(text.charCodeAt(e + 1)) || isAsciiLetter(text.charCodeAt(e + 1)))) return false;
  return true;
}

/** Most groups a run may have (longer runs are split). */
const MAX_GROUPS = 8;
let memoText: string | undefined;
let memoRuns: DigitRun[] = [];

/**
 * Calls `visit` for every maximal run of digit groups in `text` whose left boundary is acceptable.
 * Separators accepted: space and hyphen (consistent within a run). Runs with more than `maxGroups`
 * groups are skipped. Linear time; the runs of the last text are memoized, so the number
 * recognizers (cards, SSN, IMEI) share one scan.
 */
export function forEachDigitRun(text: string, maxGroups: number, visit: (run: DigitRun) => void): void {
  if (text !== memoText) {
    memoRuns = [];
    scanDigitRuns(text, (run) => memoRuns.push(run));
    memoText = text;
  }
  for (const run of memoRuns) if (run.groupEnds.length <= maxGroups) visit(run);
}

/** Fewest digits any consumer needs (US SSN: 9); shorter runs are not recorded. */
const MIN_DIGITS = 9;
const scratchStarts: number[] = [];
const scratchEnds: number[] = [];

function scanDigitRuns(text: string, visit: (run: DigitRun) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    // jump to the next place where a long enough run starts (native regex scan, no JS loop)
    DIGIT.lastIndex = i;
    const m = DIGIT.exec(text);
    if (!m) return;
    i = m.index;
    if (!leftBoundaryOk(text, i)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      continue;
    }
    const gs = scratchStarts;
    const ge = scratchEnds;
    gs.length = 0;
    ge.length = 0;
    let sep = 0;
    let j = i;
    for (;;) {
      const g0 = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      gs.push(g0);
      ge.push(j);
      const s = text.charCodeAt(j);
      if ((s === 32 || s === 45) && isDigit(text.charCodeAt(j + 1)) && (sep === 0 || sep === s) && ge.length < MAX_GROUPS) {
        sep = s;
        j++;
        continue;
      }
      // a hyphen binds tighter than a space: in `4111… 4012-8888-…` the group before the hyphen
      // starts a new run
      if (ge.length > 1 && s === 45 && sep === 32 && isDigit(text.charCodeAt(j + 1))) {
        ge.pop();
        j = gs.pop() ?? j;
      }
      break;
    }
    let total = 0;
    for (let k = 0; k < ge.length; k++) total += ge[k]! - gs[k]!;
    if (total >= MIN_DIGITS) visit({ start: i, groupStarts: gs.slice(), groupEnds: ge.slice(), sep });
    i = j;
  }
}

/** Digits of `text[start, end)` with separators removed. */
export function digitsOf(text: string, start: number, end: number): string {
  let d = '';
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (isDigit(c)) d += text[k];
  }
  return d;
}
