/**
 * Where Enclave deliberately disagrees with a Presidio recognizer test case, and why.
 *
 * A rule only ever excuses a MISSED expected span (Enclave reports nothing overlapping it);
 * a span Enclave reports that Presidio does not expect is always a failure, as is a wrong span.
 * Every excused case is still listed in the output, marked with the rule id.
 */

/** One Presidio case as the rules see it (offsets already UTF-16). */
export interface CaseView {
  entity: string;
  text: string;
  /** Expected span texts. */
  expectedTexts: string[];
  /** Presidio's score for the missed span: what it returned, else the test's upper bound (undefined if absent). */
  presidioScore?: number;
}

/** A justified disagreement. */
export interface DeliberateRule {
  id: string;
  /** True when the missed span of this case falls under the rule. */
  applies(c: CaseView, missedText: string): boolean;
  justification: string;
}

const PASSPORT_CUE = /\b(passports?|travel document)\b/i;
const DL_CUE = /\b(driver'?s?|driving|licen[cs]e|DL)\b/i;

/**
 * Does a URL carry a person? Profile-style paths, user info, e-mail in the query, or an
 * account-like id (6+ digits, or a UUID) in the path or query.
 */
export function urlCarriesPerson(url: string): boolean {
  if (/@/.test(url)) return true;
  if (/\/(u|user|users|profile|profiles|people|in|member|members|account|accounts|~)[/=]/i.test(url)) return true;
  if (/[?&](id|uid|user|userid|user_id|email|profile)=/i.test(url)) return true;
  if (/\d{6,}/.test(url)) return true;
  return /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.test(url);
}

/** The table of deliberate disagreements. */
export const DELIBERATE_RULES: readonly DeliberateRule[] = [
  {
    id: 'ip-unspecified',
    applies: (c, t) => c.entity === 'IP_ADDRESS' && /^::(\/\d+)?$/.test(t),
    justification:
      'The unspecified address "::" alone (with or without a prefix length) identifies nobody and collides with ' +
      'C++/Rust paths and "binds to ::" in server logs; Presidio itself scores it 0.1.',
  },
  {
    id: 'ip-in-longer-dotted-run',
    applies: (c, t) => c.entity === 'IP_ADDRESS' && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(t) && /\d(?:\.\d+){4,}/.test(c.text),
    justification:
      'Four parts cut out of a longer dotted run ("192.168.1.1.1") are a version number or an OID, not an IPv4 ' +
      'address: IPv4 is strictly four parts (issue 3), so Enclave reports nothing there.',
  },
  {
    id: 'url-no-person',
    applies: (c, t) => c.entity === 'URL' && !urlCarriesPerson(t),
    justification:
      'Enclave reports a URL only when it carries a person (profile path, account id, user info, e-mail in the ' +
      'query); a company home page or bare domain is not personal data.',
  },
  {
    id: 'passport-no-cue',
    applies: (c) => (c.entity === 'US_PASSPORT' || c.entity === 'UK_PASSPORT') && !PASSPORT_CUE.test(c.text),
    justification:
      'A bare 9-character code without a passport cue is not evidence of a passport (Presidio scores it 0.05–0.1); ' +
      'reporting it would flag order numbers and ticket ids in chat.',
  },
  {
    id: 'dl-no-cue',
    applies: (c) => c.entity === 'US_DRIVER_LICENSE' && !DL_CUE.test(c.text),
    justification:
      'Digit runs and letter+digit codes without a licence cue (Presidio scores them 0.01–0.3) match most numbers ' +
      'in chat; Enclave needs a cue or a state format with context.',
  },
  {
    id: 'very-weak-pattern',
    applies: (c) => c.presidioScore !== undefined && c.presidioScore < 0.1,
    justification:
      'Presidio\'s own expected score is below 0.1 ("very weak" pattern); Enclave drops such candidates unless a ' +
      'context cue raises them above its 0.4 threshold.',
  },
];

/** The first rule that excuses missing `missedText` in case `c`, if any. */
export function deliberateRuleFor(c: CaseView, missedText: string): DeliberateRule | undefined {
  return DELIBERATE_RULES.find((r) => r.applies(c, missedText));
}
