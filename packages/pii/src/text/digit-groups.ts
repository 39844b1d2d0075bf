/**
 * Digit-group scanning shared by the number recognizers (cards, SSN, IMEI): finds runs of digits
 * joined by one consistent single separator, with the boundary rules that keep numbers out of
 * decimals, longer digit runs and alphanumeric tokens (hex ids, UUIDs).
 */
import { isAsciiLetter, isDigit } from './chars.ts';

const DIGIT = /\d/g;

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

function scanDigitRuns(text: string, visit: (run: DigitRun) => void): void {
  const maxGroups = MAX_GROUPS;
  const n = text.length;
  let i = 0;
  while (i < n) {
    // jump to the next digit (regex scan is much faster than a JS loop over letters)
    DIGIT.lastIndex = i;
    const m = DIGIT.exec(text);
    if (!m) return;
    i = m.index;
    if (!leftBoundaryOk(text, i)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      continue;
    }
    const run: DigitRun = { start: i, groupEnds: [], groupStarts: [], sep: 0 };
    let j = i;
    for (;;) {
      const gs = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      run.groupStarts.push(gs);
      run.groupEnds.push(j);
      const s = text.charCodeAt(j);
      if ((s === 32 || s === 45) && isDigit(text.charCodeAt(j + 1)) && (run.sep === 0 || run.sep === s) && run.groupEnds.length < maxGroups) {
        run.sep = s;
        j++;
        continue;
      }
      // a hyphen binds tighter than a space: in `4111… 4012-8888-…` the group before the hyphen
      // starts a new run
      if (run.groupEnds.length > 1 && s === 45 && run.sep === 32 && isDigit(text.charCodeAt(j + 1))) {
        run.groupEnds.pop();
        j = run.groupStarts.pop() ?? j;
      }
      break;
    }
    visit(run);
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
