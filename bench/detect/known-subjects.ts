/**
 * Known-subject overhead (issue 9: "with a 1,000,000-value known-subject index loaded: ≤ 15 %
 * slower"): Enclave's `analyze()` per chat message without and with `{ knownSubjects: index }`,
 * where the index holds `values` synthetic values of `values / 100` subjects (100 each: e-mail
 * addresses at example.com, two-word names, user handles, numbers; all made up from the subject and
 * value numbers, none from any corpus).
 *
 * Timing: CPU time (`process.cpuUsage`, user + system) per pass over the messages, the two variants
 * alternating pass by pass (order flipped every round) after a warm-up, median of `rounds` each — CPU
 * time rather than wall time because the machine is shared.
 */
import { analyze, KnownSubjectIndex } from '@enclave/pii';
import { median } from './measure.ts';

/** Result of {@link knownSubjectOverhead}. */
export interface KnownOverhead {
  /** Median MiB of UTF-8 per CPU second without / with the index. */
  withoutMibPerS: number;
  withMibPerS: number;
  /** `without / with − 1`: how much slower with the index (0.15 = 15 %). */
  slower: number;
  rounds: number;
  /** KNOWN_SUBJECT findings in one pass (0 expected: the values are made up). */
  knownFindings: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A pronounceable-looking made-up word for number `n` (base 26, at least 4 letters). */
function word(n: number): string {
  let s = '';
  let x = n + 26 ** 3;
  while (x > 0) {
    s += LETTERS[x % 26];
    x = Math.floor(x / 26);
  }
  return s[0]!.toUpperCase() + s.slice(1);
}

/** Builds an index of `values` made-up values (100 per subject), finalized (ready to match). */
export function syntheticIndex(values: number): KnownSubjectIndex {
  const index = new KnownSubjectIndex('bench-detect-known-subjects-key-0001');
  const perSubject = 100;
  for (let s = 0; s * perSubject < values; s++) {
    const vs: string[] = [];
    for (let k = 0; k < perSubject && s * perSubject + k < values; k++) {
      const n = s * perSubject + k;
      switch (k % 4) {
        case 0: vs.push(`subject${s}.value${k}@example.com`); break;
        case 1: vs.push(`${word(n)} ${word(n * 7 + 3)}`); break;
        case 2: vs.push(`fake_user_${n}`); break;
        default: vs.push(`9${String(n).padStart(9, '0')}`);
      }
    }
    index.registerKnownValues(`subject-${s}`, vs);
  }
  analyze('warm the index up', { knownSubjects: index }); // the first match sorts the arrays
  return index;
}

/** Measures the overhead of `index` on `messages` (`bytes` UTF-8 bytes in all). */
export function knownSubjectOverhead(messages: readonly string[], bytes: number, index: KnownSubjectIndex, rounds: number): KnownOverhead {
  const withIndex = { knownSubjects: index };
  let sink = 0;
  const pass = (known: boolean): number => {
    const c0 = process.cpuUsage();
    if (known) for (const m of messages) sink += analyze(m, withIndex).length;
    else for (const m of messages) sink += analyze(m).length;
    const c = process.cpuUsage(c0);
    return bytes / 2 ** 20 / ((c.user + c.system) / 1e6);
  };
  pass(false);
  pass(true);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      a.push(pass(false));
      b.push(pass(true));
    } else {
      b.push(pass(true));
      a.push(pass(false));
    }
  }
  let knownFindings = 0;
  for (const m of messages) for (const f of analyze(m, withIndex)) if (f.entityType === 'KNOWN_SUBJECT') knownFindings++;
  const withoutMibPerS = median(a);
  const withMibPerS = median(b);
  return { withoutMibPerS, withMibPerS, slower: withoutMibPerS / withMibPerS - 1, rounds, knownFindings: knownFindings + (sink < 0 ? 1 : 0) };
}
