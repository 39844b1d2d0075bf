/**
 * URL recognizer: only URLs that carry a person (a profile, a user id, an e-mail).
 *
 * A URL (RFC 3986 shape: `scheme://host/path?query`, or `www.host/...`, or a bare social host
 * such as `linkedin.com/in/...`) is reported when:
 * - its host is a social network and the first path segment is a handle, not a site page
 *   (`facebook.com/jane.doe`, `x.com/jdoe`, `instagram.com/jdoe`, `tiktok.com/@jdoe`,
 *   `linkedin.com/in/jane-doe`, `github.com/jdoe`, `t.me/jdoe`, `youtube.com/@jdoe`, …);
 * - any path segment is `@handle`, or a profile marker (`user`, `users`, `u`, `profile`,
 *   `people`, `member`, `author`, `account`, `~`) followed by a further segment;
 * - a path segment is a UUID (per-user or capability links such as webhook or share URLs);
 * - a query parameter names a person (`user_id`, `uid`, `email`, `username`, `account`, …) or a
 *   query value holds an e-mail address.
 * Plain links (`https://example.com/docs/install`) are not reported: they carry no person.
 * Screen: `://`, `www.` or a known social host must occur.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';

const SCREEN_RE = /:\/\/|www\.|\b(?:facebook|fb|twitter|x|instagram|tiktok|linkedin|github|youtube|reddit|medium|t|wa|vk|pinterest|threads|snapchat)\.(?:com|me|net)\//i;
/** Candidate URL: scheme or www. or bare known host, then non-space URL characters. */
const URL_RE =
  /(?:(?:https?|ftp):\/\/|www\.|(?:m\.|mobile\.)?(?:facebook|fb|twitter|x|instagram|tiktok|linkedin|github|youtube|reddit|medium|t|wa|vk|pinterest|threads|snapchat)\.(?:com|me|net)\/)[^\s<>"'`\u00A0]*/gi;
/** A URL does not start inside a word, an e-mail address or a host name. */
const BAD_BEFORE_RE = /[\w@.-]/;
const TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;

/** Social hosts (without `www.`/`m.`) → site pages that are not people. */
const SOCIAL_HOSTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  [
    ['facebook.com', 'help about login home search pages groups events marketplace watch policies privacy settings sharer share photo.php permalink.php story.php hashtag business gaming legal'],
    ['fb.com', 'help about login'],
    ['twitter.com', 'home explore search settings login signup i intent share hashtag messages notifications tos privacy'],
    ['x.com', 'home explore search settings login signup i intent share hashtag messages notifications tos privacy'],
    ['instagram.com', 'explore accounts p reel reels stories about legal direct developer'],
    ['tiktok.com', 'explore foryou following about legal tag music discover'],
    ['linkedin.com', 'feed jobs company school learning login signup pulse help legal groups posts search'],
    ['github.com', 'about features pricing login join settings explore topics marketplace orgs enterprise sponsors search notifications new docs site security collections trending apps'],
    ['youtube.com', 'watch results feed playlist embed shorts about t'],
    ['reddit.com', 'r search login settings'],
    ['medium.com', 'tag search about m'],
    ['t.me', 's joinchat share addstickers'],
    ['wa.me', ''],
    ['vk.com', 'feed search im settings'],
    ['pinterest.com', 'pin search ideas today'],
    ['threads.net', 'search login'],
    ['snapchat.com', 'discover spotlight'],
  ].map(([host, pages]) => [host as string, new Set((pages as string).split(' ').filter(Boolean))]),
);
/** Path segments that introduce a person in the next segment. */
const PROFILE_MARKERS = new Set(['user', 'users', 'u', 'profile', 'profiles', 'people', 'person', 'member', 'members', 'author', 'authors', 'account', 'accounts', 'in', 'add', 'id', 'customer', 'customers', 'employee', 'employees', 'staff', 'contact', 'contacts', 'patient', 'patients']);
/** Query keys that name a person or their identifier. */
const PERSON_KEY_RE = /^(?:user(?:_?id|_?name)?|uid|userid|login|email|e-?mail|mail|account(?:_?id)?|member(?:_?id)?|customer(?:_?id)?|profile(?:_?id)?|person(?:_?id)?|patient(?:_?id)?|employee(?:_?id)?|phone|msisdn|handle|screen_?name|ssn|name|first_?name|last_?name|contact(?:_?id)?)$/i;
const EMAIL_IN_VALUE_RE = /[\w.+-](?:@|%40)[\w-]+\.[\w.-]+/i;
const HANDLE_RE = /^[\w.-]{1,64}$/;
/** A path segment that is a UUID (RFC 9562 text form): a per-user or capability link. */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the URL (already trimmed) carries a person; returns the reason or null. */
function personReason(url: string): string | null {
  const noScheme = url.replace(/^[a-z]+:\/\//i, '');
  const slash = noScheme.search(/[/?#]/);
  const hostPort = (slash < 0 ? noScheme : noScheme.slice(0, slash)).toLowerCase();
  const host = hostPort.replace(/:\d+$/, '').replace(/^[^@]*@/, '').replace(/^(?:www|m|mobile|web)\./, '');
  if (!/\.[a-z]{2,}$/.test(host) && !/^\d+\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost') return null;
  const rest = slash < 0 ? '' : noScheme.slice(slash);
  const q = rest.indexOf('?');
  const pathPart = (q < 0 ? rest : rest.slice(0, q)).split('#')[0] ?? '';
  const query = q < 0 ? '' : (rest.slice(q + 1).split('#')[0] ?? '');
  const segments = pathPart.split('/').filter(Boolean);
  const reserved = SOCIAL_HOSTS.get(host);
  const first = segments[0];
  if (reserved !== undefined && first !== undefined) {
    const f = first.toLowerCase();
    if (first.startsWith('@') && first.length > 1) return 'social-handle';
    if (host === 'linkedin.com') return f === 'in' && segments[1] ? 'social-profile' : null;
    if ((host === 'reddit.com' || host === 'youtube.com') && !['u', 'user', 'c', 'channel'].includes(f)) return null;
    if (!reserved.has(f) && HANDLE_RE.test(first) && !/\.(?:php|html?|aspx?|jsp)$/i.test(first)) return 'social-profile';
  }
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    if (seg.length > 1 && (seg.startsWith('@') || seg.startsWith('~')) && HANDLE_RE.test(seg.slice(1))) return 'path-handle';
    if (PROFILE_MARKERS.has(seg.toLowerCase()) && segments[i + 1] !== undefined && seg !== 'in') return 'path-profile';
    if (UUID_RE.test(seg)) return 'path-uuid';
  }
  if (query !== '') {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      if (value !== '' && PERSON_KEY_RE.test(key)) return 'query-person';
      if (EMAIL_IN_VALUE_RE.test(value)) return 'query-email';
    }
  }
  return null;
}

/** Sticky copy of {@link URL_RE}, tried only near a marker. */
const URL_AT_RE = new RegExp(URL_RE.source, 'iy');
/** Every {@link URL_RE} match has one of these within its first {@link MARKER_REACH} code units. */
const MARKER_RE = /:\/\/|www\.|\.(?:com|me|net)\//gi;
/** Longest prefix before a marker: `mobile.` + `instagram` (16 code units). */
const MARKER_REACH = 16;

/**
 * The matches a global {@link URL_RE} scan would return, found by trying the sticky regex only at
 * the {@link MARKER_REACH} positions before each marker (same leftmost-first order, same output).
 */
function urlMatches(text: string): { index: number; raw: string }[] {
  const out: { index: number; raw: string }[] = [];
  let from = 0; // where the global scan would resume
  let tried = 0; // positions below this were tried already
  MARKER_RE.lastIndex = 0;
  for (let mk = MARKER_RE.exec(text); mk !== null; mk = MARKER_RE.exec(text)) {
    for (let q = Math.max(from, tried, mk.index - MARKER_REACH); q <= mk.index; q++) {
      URL_AT_RE.lastIndex = q;
      const m = URL_AT_RE.exec(text);
      if (m === null) continue;
      out.push({ index: q, raw: m[0] });
      from = q + m[0].length;
      break;
    }
    tried = Math.max(tried, mk.index + 1);
    if (from > MARKER_RE.lastIndex) MARKER_RE.lastIndex = from;
  }
  return out;
}

/** Finds person-carrying URLs; see the module comment. */
function analyzeUrl(text: string): RecognizerResult[] {
  if (!text.includes('://') && !text.includes('www.') && !text.includes('.com/') && !text.includes('.me/') && !text.includes('.net/')) return [];
  const results: RecognizerResult[] = [];
  for (const m of urlMatches(text)) {
    if (m.index > 0 && BAD_BEFORE_RE.test(text[m.index - 1] ?? '')) continue;
    let raw = m.raw.replace(TRAILING_PUNCT, '');
    // Keep a closing parenthesis that belongs to the URL ("…/Foo_(bar)").
    if (m.raw.length > raw.length && m.raw[raw.length] === ')' && raw.includes('(')) raw += ')';
    const reason = personReason(raw);
    if (reason === null) continue;
    results.push({ entityType: 'URL', start: m.index, end: m.index + raw.length, score: 0.7, pattern: `url-${reason}` });
  }
  // The screen of the original design, now checked only when something was found (same output).
  if (results.length > 0 && !SCREEN_RE.test(text)) return [];
  return results;
}

/** URL recognizer (person-carrying URLs only). */
export const urlRecognizer: Recognizer = {
  name: 'url',
  entities: ['URL'],
  analyze: (text) => analyzeUrl(text),
};
