/**
 * USERNAME recognizer: @handles and labelled user names.
 *
 * - `@handle` (1–30 of `[A-Za-z0-9_.]`, Twitter/Instagram/GitHub style; the "@" and the name are
 *   one span), also Mastodon `@name@host.tld`. Not reported: e-mail addresses (a word character
 *   before "@"), npm scopes (`@types/node`: "/" after), decorators and annotations
 *   (`@Override`, `@Component(`, JSDoc `@param`; see `NOT_HANDLES`), CSS at-rules, and the
 *   chat mentions `@here`, `@channel`, `@everyone`, `@all`.
 * - Labels: "username: x", "user: x", "login: x", "handle: x", "screen name x", "nick: x",
 *   "my username is x" (score 0.7) and "handle x", "account x", "profile x" without a colon,
 *   where x must look like a user name: has a digit, "_" or "." inside (score 0.5).
 *   After "user:", two capitalized words ("REPORTED USER: JOHN DOE") are a person, not a username.
 * Screen: "@" or one of the label words must occur.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { AnchoredScan, CHAR, hasClass, TriggerGroup, triggerStarts } from '../text/text-facts.ts';

const HANDLE_RE = /@(?<![\p{L}\p{N}_@.+\-/\\`$*!%=&]@)([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})?(?![\p{L}\p{N}_@/(]|\.[A-Za-z0-9_])/gu;
const NOT_HANDLES = new Set(
  (
    'override deprecated suppresswarnings functionalinterface safevarargs param returns return type typedef ' +
    'throws throw example see since author version template property prop callback description link ' +
    'internal public private protected readonly remarks beta alpha default module namespace ' +
    'component injectable input output viewchild hostlistener ngmodule pipe directive test before after ' +
    'beforeeach aftereach autowired entity table column id bean configuration service controller ' +
    'restcontroller requestmapping getmapping postmapping putmapping deletemapping transactional ' +
    'value data getter setter builder slf4j nonnull nullable notnull inject singleton provides ' +
    'staticmethod classmethod dataclass abstractmethod cached_property pytest media import keyframes ' +
    'font-face charset supports tailwind apply layer here channel everyone all admin mention'
  ).split(' '),
);

const LABEL_RE =
  /\b(?<![-_]\w*)(?:(user\s?name|user\s?id|user|login|handle|screen\s?name|nick(?:name)?|ig|insta(?:gram)?|twitter|telegram|discord|skype)[ \t]*[:=](?![:=/])|(my\s+(?:user\s?name|handle|login|nick(?:name)?)\s+is)|(handle|account|profile|username|user)(?=\s))\s*@?/giu;
const TOKEN_RE = /[\p{L}\p{N}_][\p{L}\p{N}_.-]{0,30}[\p{L}\p{N}_]|[\p{L}\p{N}_]/uy;
const STOP_WORDS = new Set(
  'is the a an and or of to in on for was not no none null undefined name names field required settings page info details password passwd pass pwd id ids with from by this that it its your my his her their our has have been being unknown n/a user username login'.split(' '),
);
/** Sticky copy of {@link LABEL_RE}, tried only where a label word starts. */
const LABEL_AT_RE = new RegExp(LABEL_RE.source, 'iuy');
/** First words of every {@link LABEL_RE} alternative: a label match starts at one of them. */
export const LABEL_WORDS = new TriggerGroup(
  'user username userid login handle screen screenname nick nickname ig insta instagram twitter telegram discord skype my account profile'.split(' '),
);

/** File names ("common.css") look like handles but are not. */
const FILE_NAME_RE = /\.(?:css|js|ts|tsx|jsx|php|html?|txt|py|rb|go|rs|java|c|h|cpp|json|xml|ya?ml|md|png|jpe?g|gif|svg|sh|conf|cfg|ini|log|deb|rpm|iso|zip|gz|tar|exe|dll|so)$/i;

function looksLikeHandle(s: string): boolean {
  return /[\d_]/.test(s) || /\w\.\w/.test(s);
}

function isCapitalizedWord(s: string): boolean {
  return /^\p{Lu}[\p{L}'’-]*$/u.test(s);
}

/** Finds USERNAME spans; see the module comment. */
function analyzeUsername(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  if (hasClass(text, CHAR.AT)) {
    for (const m of text.matchAll(HANDLE_RE)) {
      const name = (m[1] ?? '').toLowerCase();
      if (m[2] === undefined && NOT_HANDLES.has(name)) continue;
      if (/^\d{1,2}(?:am|pm|h)?$/.test(name)) continue; // "@2", "@3pm" = "at 3pm"
      if (/^\d[\d.]*$/.test(name)) continue; // "@192.0.2.1": a host, not a handle
      results.push({ entityType: 'USERNAME', start: m.index, end: m.index + m[0].length, score: 0.7, pattern: m[2] ? 'fediverse-handle' : 'at-handle' });
    }
  }
  // A global LABEL_RE scan, tried only where a label word starts (everywhere when the text has a
  // letter that `/iu` folds to ASCII: "ſ", "K").
  const anchors = hasClass(text, CHAR.FOLDS_TO_ASCII) ? undefined : triggerStarts(text, LABEL_WORDS);
  const scan = new AnchoredScan(text, LABEL_RE, LABEL_AT_RE, anchors);
  let from = 0;
  for (let m = scan.next(from); m !== null; m = scan.next(from)) {
    const at = m.index + m[0].length;
    from = at;
    if (text[at - 1] === '@') continue; // the handle pass already reported "@x"
    TOKEN_RE.lastIndex = at;
    const tok = TOKEN_RE.exec(text);
    if (tok === null) continue;
    const value = tok[0];
    if (value.length < 2) continue;
    const lower = value.toLowerCase();
    if (STOP_WORDS.has(lower)) continue;
    const end = at + value.length;
    if (text[end] === '@' || text[end] === ':') continue; // e-mail address or another label
    const weak = m[3] !== undefined;
    if (weak && (!looksLikeHandle(value) || FILE_NAME_RE.test(value))) continue;
    if (!weak && /^user$/i.test(m[1] ?? '') && isCapitalizedWord(value)) {
      // "USER: JOHN DOE" — a person's name, left to the PERSON recognizer.
      const next = /^\s+(\p{Lu}[\p{L}'’-]*)/u.exec(text.slice(end, end + 40));
      if (next) continue;
    }
    results.push({ entityType: 'USERNAME', start: at, end, score: weak ? 0.5 : 0.7, pattern: weak ? 'profile-word+handle' : 'labelled-username' });
    from = end;
  }
  return results;
}

/** USERNAME recognizer (@handles and labelled user names). */
export const usernameRecognizer: Recognizer = {
  name: 'username',
  entities: ['USERNAME'],
  context: ['username', 'user', 'handle', 'login', 'account', 'profile', 'follow', 'dm'],
  analyze: (text) => analyzeUsername(text),
};
