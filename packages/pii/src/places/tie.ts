/**
 * Is a place tied to a person? A city or country alone ("the Paris office is closed") is no
 * personal data; "she lives in Paris" or "Jane Doe, Paris" is. A LOCATION finding is tied to a
 * person when, within its sentence, (a) a residence cue comes before it ("lives in", "based in",
 * "moved to", "is from", "grew up in", "returned to", "hails from", "hometown", "country:", "address:", …) or (b) another finding
 * of a person-identifying type is present: PERSON, USERNAME, KNOWN_SUBJECT, EMAIL_ADDRESS,
 * PHONE_NUMBER, STREET_ADDRESS.
 *
 * The analyzer sets {@link Finding.tiedToPerson} on every LOCATION finding; the server's policy
 * decides what an untied place means in a channel (the engine reports, it does not decide).
 * Cost: one backwards scan to the sentence start and one sticky regex test per LOCATION finding.
 */
import type { EntityType, Finding } from '../types.ts';

/** Types whose presence in the sentence ties a place to a person. */
const PERSON_TYPES: ReadonlySet<EntityType> = new Set<EntityType>([
  'PERSON', 'USERNAME', 'KNOWN_SUBJECT', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'STREET_ADDRESS',
]);

/** A residence cue, tested on the text between the sentence start and the place (lower case). */
const CUE_RE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:` +
    [
      String.raw`li(?:ve|ves|ving|ved)`, 'resid(?:e|es|ed|ing|ent|ence)', 'based', 'located', 'born', 'raised', 'grew up',
      'settled', 'mov(?:e|es|ed|ing)', 'relocat(?:e|es|ed|ing)', 'hometown', 'home town', 'native', 'citizen',
      String.raw`(?:i'?m|i am|am|is|are|was|were|comes?|came|originally|he's|she's|they're)\s+from`, 'address', 'nationality',
      'birthplace', 'place of birth', String.raw`(?:city|country|location|town|state|region)\s*[:=]`, 'staying', 'stays?',
      'visiting', 'flying', 'flew', 'travell?(?:ing|ed)', 'return(?:s|ed|ing)', 'emigrat(?:e|es|ed|ing)',
      'immigrat(?:e|es|ed|ing)', String.raw`hail(?:s|ed|ing)?\s+from`, String.raw`commut(?:e|es|ed|ing)\s+from`, String.raw`(?:my|his|her|their)\s+(?:home|place|house|flat|apartment)`,
    ].join('|') +
    String.raw`)(?:[^\p{L}]|$)`,
  'u',
);

/** Sentence boundary characters (`.`, `!`, `?`, newline). */
function isBoundary(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 10;
}

/**
 * Sets `tiedToPerson` on each LOCATION finding of `findings` (in place).
 * @param text the analyzed text (offsets of `findings` point into it)
 * @param findings sorted by start (the analyzer's output)
 */
export function markPlaceTies(text: string, findings: Finding[]): void {
  for (let k = 0; k < findings.length; k++) {
    const f = findings[k]!;
    if (f.entityType !== 'LOCATION') continue;
    let a = f.start;
    while (a > 0 && !isBoundary(text.charCodeAt(a - 1))) a--;
    let b = f.end;
    while (b < text.length && !isBoundary(text.charCodeAt(b))) b++;
    let tied = false;
    for (const g of findings) {
      if (g.start >= a && g.end <= b && PERSON_TYPES.has(g.entityType)) { tied = true; break; }
    }
    if (!tied) tied = CUE_RE.test(text.slice(Math.max(a, f.start - 80), f.start).toLowerCase());
    f.tiedToPerson = tied;
  }
}
