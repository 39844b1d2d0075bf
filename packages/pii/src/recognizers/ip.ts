/**
 * IP_ADDRESS recognizer: IPv4 dotted-quad (RFC 791 textual form, strict: four parts 0–255 without
 * leading zeros, not part of a longer dotted run such as a version `1.2.3.4.5`) and IPv6 in all
 * RFC 4291 §2.2 forms (full, compressed `::`, embedded IPv4) with an RFC 6874 zone id and an optional
 * CIDR prefix length. The unspecified address `::` alone is not reported (it names no host).
 * IPv6 syntax is checked with `ipaddr.js`.
 *
 * Version strings are not addresses (issue 7 item 10): a dotted quad after a version cue
 * right before it ("version 2.0.0.1", "release: 3.1.4.1", "upgraded to 1.2.3.4", "build is 4.3.2.1";
 * a cue word, an optional `:`/`=`/`#`, at most one linking word) is dropped unless an IP cue ("ip", "address", "host", "ping", …) is in that window too; a quad that ends in
 * `.0` after a non-zero first part (`1.84.1.0`: a network or version number, never a host) scores
 * 0.3, so only an IP cue from the context lifts it over the threshold.
 *
 * Defanged IPv4 (how abuse and threat reports write addresses so they are not clickable:
 * `192[.]0[.]2[.]44`, `192(.)0(.)2(.)44`, `192[dot]0[dot]2[dot]44`, `192 dot 0 dot 2 dot 44`,
 * `192 . 0 . 2 . 44`, `192·0·2·44`) is the same address: four valid parts, at least one separator
 * defanged, the rest plain dots; scored as an address (defanging is itself an IP cue).
 *
 * Screening: IPv4 candidates start at a digit followed by `.`, IPv6 candidates at a `:` (found with
 * `indexOf`); each candidate token is scanned once.
 */
import ipaddr from 'ipaddr.js';
import { digitCount } from '../text/text-facts.ts';
import type { Recognizer, RecognizerResult } from '../types.ts';
import { isAsciiLetter, isDigit, isHex } from '../text/chars.ts';

const V4 = /(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}/y;
const PREFIX = /\/(\d{1,3})(?!\d|\.\d)/y;
const V4_CANDIDATE = /\d{1,3}(?:\.\d{1,3}){3}/g;
const ZONE = /%[A-Za-z0-9_.-]{1,32}/y;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** A defanged dot: bracketed `.` or `dot`, a spelled ` dot `, a spaced ` . `, or a middle dot / bullet. */
const DEFANGED_SEP = '(?:\\s*(?:\\[\\.\\]|\\(\\.\\)|\\{\\.\\}|\\[dot\\]|\\(dot\\)|\\{dot\\}|[\\u00b7\\u2022\\u2219\\u22c5])\\s*|\\s+\\.\\s+|\\s+dot\\s+|\\.\\r?\\n|\\r?\\n\\.)';
const V4_DEFANGED = new RegExp(`(?<![\\d.])${OCTET}(?:(?:${DEFANGED_SEP}|\\.)${OCTET}){3}(?![\\d]|\\.\\d)`, 'gi');
/** Cheap screen: a character only defanged forms use. */
const DEFANGED_HINT = /[[({\u00b7\u2022\u2219\u22c5]|\sdot\s|\s\.\s|\.\r?\n\d|\d\r?\n\./i;
const PLAIN_QUAD = /^[\d.]+$/;

/** Code units before a dotted quad searched for version and IP cues. */
const CUE_WINDOW = 40;
/** A version cue as a whole word (case-insensitive). */
const VERSION_CUE = /(?<![A-Za-z0-9_])(?:version|versions|ver|release|released|releases|build|firmware|fw|update|updated|upgrade|upgraded|downgrade|downgraded|patch|patched|revision|rev|kernel|sdk|changelog|bump|bumped|v)[ \t]*[:=#-]?[ \t]*(?:(?:is|to|of|from|now|was|at)[ \t]+)?v?$/i;
/** An IP cue as a whole word (case-insensitive). */
const IP_CUE = /(?<![A-Za-z0-9_])(?:ip|ips|ipv4|address|addr|host|hostname|server|servers|proxy|vpn|router|ping|dns|gateway|subnet|src|dst|login|logged|connected|connection)(?![A-Za-z0-9_])/i;

/**
 * How a dotted quad at `[i, e)` reads: 'version' (a version cue before it and no IP cue: not an
 * address), 'weak' (ends in `.0` after a non-zero first part, no prefix length), or 'address'.
 */
function readQuad(text: string, i: number, quad: string): 'version' | 'weak' | 'address' {
  const before = text.slice(Math.max(0, i - CUE_WINDOW), i);
  if (VERSION_CUE.test(before) && !IP_CUE.test(before)) return 'version';
  if (quad.endsWith('.0') && !quad.startsWith('0.') && text.charCodeAt(i + quad.length) !== 47) return 'weak';
  return 'address';
}

function readPrefix(text: string, at: number, max: number): number {
  PREFIX.lastIndex = at;
  const m = PREFIX.exec(text);
  return m && Number(m[1]) <= max ? at + m[0].length : at;
}

function findV4(text: string, out: RecognizerResult[]): void {
  // screen: four dotted digit groups at the start of a digit run, not after `digit.` nor inside a word
  V4_CANDIDATE.lastIndex = 0;
  for (let c = V4_CANDIDATE.exec(text); c; c = V4_CANDIDATE.exec(text)) {
    const i = c.index;
    const p = text.charCodeAt(i - 1);
    // must start a digit run, not after `digit.` (a longer dotted run) nor inside a word
    if (isDigit(p) || isAsciiLetter(p) || p === 95 || (p === 46 && isDigit(text.charCodeAt(i - 2)))) {
      let k = i;
      while (isDigit(text.charCodeAt(k)) || (text.charCodeAt(k) === 46 && isDigit(text.charCodeAt(k + 1)))) k++;
      V4_CANDIDATE.lastIndex = k;
      continue;
    }
    V4.lastIndex = i;
    const m = V4.exec(text);
    if (m) {
      let e = i + m[0].length;
      const nc = text.charCodeAt(e);
      const longer = isDigit(nc) || isAsciiLetter(nc) || (nc === 46 && isDigit(text.charCodeAt(e + 1)));
      const reading = longer ? 'address' : readQuad(text, i, m[0]);
      if (!longer && reading !== 'version') {
        e = readPrefix(text, e, 32);
        out.push({ entityType: 'IP_ADDRESS', start: i, end: e, score: reading === 'weak' ? 0.3 : 0.6, pattern: 'ipv4' });
        V4_CANDIDATE.lastIndex = e;
        continue;
      }
    }
    // skip the rest of this dotted digit run
    let k = i + c[0].length;
    while (isDigit(text.charCodeAt(k)) || (text.charCodeAt(k) === 46 && isDigit(text.charCodeAt(k + 1)))) k++;
    V4_CANDIDATE.lastIndex = k;
  }
}

function findDefangedV4(text: string, out: RecognizerResult[]): void {
  V4_DEFANGED.lastIndex = 0;
  for (let m = V4_DEFANGED.exec(text); m; m = V4_DEFANGED.exec(text)) {
    if (PLAIN_QUAD.test(m[0])) continue; // plain dotted quads are findV4's
    out.push({ entityType: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.6, pattern: 'ipv4-defanged' });
  }
}

function isV6Char(c: number): boolean {
  return isHex(c) || c === 58 || c === 46;
}

/**
 * Cheap shape check before `ipaddr.js`: ≥ 2 colons; with `::` at most 7 colons, without it exactly 7
 * (or 6 before an embedded IPv4); no group longer than 4 hex digits (except the IPv4 tail).
 */
function plausibleV6(c: string): boolean {
  let colons = 0;
  let group = 0;
  for (let i = 0; i < c.length; i++) {
    const ch = c.charCodeAt(i);
    if (ch === 58) {
      colons++;
      group = 0;
    } else if (ch === 46) group = 0;
    else if (++group > 4) return false;
  }
  if (colons < 2 || colons > 8) return false;
  const compressed = c.includes('::');
  const v4 = c.includes('.');
  return compressed || colons === (v4 ? 6 : 7);
}

function findV6(text: string, out: RecognizerResult[]): void {
  let colon = text.indexOf(':');
  while (colon !== -1) {
    let s = colon;
    while (s > 0 && colon - s < 45 && isV6Char(text.charCodeAt(s - 1))) s--;
    let e = colon + 1;
    while (e < text.length && e - s < 46 && isV6Char(text.charCodeAt(e))) e++;
    const tokenEnd = e;
    while (e > s && (text.charCodeAt(e - 1) === 46 || (text.charCodeAt(e - 1) === 58 && text.charCodeAt(e - 2) !== 58))) e--;
    while (s < e && text.charCodeAt(s) === 58 && text.charCodeAt(s + 1) !== 58) s++;
    const before = text.charCodeAt(s - 1);
    const after = text.charCodeAt(e);
    const bounded = !(isAsciiLetter(before) || isDigit(before) || before === 95) && !(isAsciiLetter(after) || isDigit(after) || after === 95);
    let colons = 0;
    for (let k = s; k < e && colons < 2; k++) if (text.charCodeAt(k) === 58) colons++;
    const cand = bounded && colons >= 2 ? text.slice(s, e) : '';
    if (cand !== '' && cand !== '::' && plausibleV6(cand) && ipaddr.IPv6.isValid(cand)) {
      let end = e;
      if (text.charCodeAt(end) === 37) {
        ZONE.lastIndex = end;
        const z = ZONE.exec(text);
        if (z) end += z[0].length;
        while (text.charCodeAt(end - 1) === 46) end--;
      }
      end = readPrefix(text, end, 128);
      out.push({ entityType: 'IP_ADDRESS', start: s, end, score: 0.6, pattern: 'ipv6' });
      colon = text.indexOf(':', end);
      continue;
    }
    colon = text.indexOf(':', Math.max(tokenEnd, colon + 1));
  }
}

/** Finds IPv4 and IPv6 addresses. */
export function findIps(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  // an IPv4 address (also defanged) has at least 4 digits
  const v4 = digitCount(text) >= 4;
  if (v4 && text.indexOf('.') !== -1) findV4(text, out);
  if (v4 && DEFANGED_HINT.test(text)) findDefangedV4(text, out);
  if (text.indexOf(':') !== -1) findV6(text, out);
  return out;
}

/** IP_ADDRESS recognizer (base score 0.6, as Presidio's). */
export const ipRecognizer: Recognizer = {
  name: 'ip',
  entities: ['IP_ADDRESS'],
  context: ['ip', 'ipv4', 'ipv6', 'address', 'host', 'server', 'login', 'logged', 'from', 'connected', 'subnet', 'netmask', 'network', 'private', 'gateway', 'dns', 'ping', 'lan', 'vpn', 'firewall', 'route', 'cidr'],
  analyze: findIps,
};
