/**
 * GEO_COORDINATES recognizer: latitude/longitude pairs.
 *
 * Forms (WGS 84 degrees; latitude −90..90, longitude −180..180, checked):
 * - degrees-minutes-seconds with hemispheres: `40°26′46″N 79°58′56″W`, `40° 26' 46" N, 79° 58' 56" W`
 * - decimal degrees with hemispheres: `40.4461° N, 79.9822° W`, `40.4461N 79.9822W`
 * - labelled decimals: `lat: 40.4461 lon: -79.9822`, `latitude 40.4461, longitude -79.9822`
 * - bare decimal pairs `40.4461, -79.9822` (≥ 4 decimals each, score 0.5; 2–3 decimals score 0.3
 *   and need a context cue such as "coordinates", "gps", "location")
 * - bare pairs separated by whitespace only, `37.774929 -122.419416` (≥ 4 decimals each; score 0.5
 *   with ≥ 5 decimals each, else 0.3 and a cue is needed). Never a phone or card number: the phone
 *   and card recognizers do not cut numbers out of decimals.
 * Screen: a digit followed by `.` or `°` must occur, else nothing runs.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { digitCount, TriggerGroup, triggerStarts } from '../text/text-facts.ts';

const SCREEN_RE = /\d[.°º]/;
/** Per-pattern gates (cheap, start at a digit or a literal), run before the full patterns. */
const HEMI_GATE_RE = /\d[ °º]{0,3}[NSEW]\b/;
/** The word "deg" as a whole ASCII letter run (a degree sign written out in {@link DMS_RE}). */
const DEG_WORDS = new TriggerGroup(['deg']);
/** {@link LABELLED_RE} starts with one of these whole ASCII letter runs (replaces a `/lat/i` scan). */
const LAT_WORDS = new TriggerGroup(['lat', 'latitude']);
/** One-letter runs: a hemisphere letter in {@link HEMI_GATE_RE} stands alone between non-letters. */
const HEMI_WORDS = new TriggerGroup(['n', 's', 'e', 'w']);

/** Could {@link HEMI_GATE_RE} match? Only where an upper-case N, S, E or W stands alone; then the regex decides. */
function mayHaveHemisphere(text: string): boolean {
  for (const at of triggerStarts(text, HEMI_WORDS)) {
    const c = text.charCodeAt(at);
    if (c >= 65 && c <= 90) return HEMI_GATE_RE.test(text);
  }
  return false;
}
const PAIR_GATE_RE = /\d\.\d\d+ ?, ?[-+]?\d{1,3}\.\d\d/;

const DEG = '(?:°|º|\\s?deg\\b)';
const MIN = "(?:′|'|’)";
const SEC = '(?:″|"|”|′′|\'\')';
/** One DMS (or DM) component with hemisphere: groups deg, min, sec, hemisphere. */
const DMS_PART = `(\\d{1,3})${DEG}\\s?(\\d{1,2}(?:\\.\\d+)?)${MIN}\\s?(?:(\\d{1,2}(?:\\.\\d+)?)${SEC}\\s?)?([NSEW])`;
const DMS_RE = new RegExp(`(?<![\\w.])${DMS_PART}\\s*,?\\s*${DMS_PART}(?![\\w])`, 'g');

/** Decimal degrees with hemisphere letters: groups value, hemisphere ×2. */
const DEC_HEMI_PART = `(\\d{1,3}\\.\\d{1,8})\\s?(?:°|º)?\\s?([NSEW])`;
const DEC_HEMI_RE = new RegExp(`(?<![\\w.])${DEC_HEMI_PART}\\s*,?\\s*${DEC_HEMI_PART}(?![\\w])`, 'g');

/** Labelled: lat … lon … (groups lat, lon). */
const LABELLED_RE =
  /\b(?:lat(?:itude)?)\s*[:=]?\s*([-+]?\d{1,2}(?:\.\d{1,10})?)°?\s*[,;/]?\s*(?:lng|lon|long|longitude)\s*[:=]?\s*([-+]?\d{1,3}(?:\.\d{1,10})?)°?/gi;

/** Bare decimal pair (groups lat, lat decimals, lon, lon decimals). */
const PAIR_RE = /(?<![\w.\-+]|\d,\s?)([-+]?\d{1,2}\.(\d{2,10}))\s?,\s?([-+]?\d{1,3}\.(\d{2,10}))(?![\w.]|,\s?[-+]?\d)/g;

/**
 * Bare decimal pair separated by whitespace only (`37.774929 -122.419416`, as maps apps copy it):
 * ≥ 4 decimals each, not part of a longer list of numbers (groups lat, lat decimals, lon, lon decimals).
 */
const SPACE_PAIR_RE = /(?<![\w.\-+]|\d\s)([-+]?\d{1,2}\.(\d{4,10}))[ \t]+([-+]?\d{1,3}\.(\d{4,10}))(?![\w.]|[ \t]+[-+]?\d)/g;
const SPACE_PAIR_GATE_RE = /\d\.\d{4}\d*[ \t]+[-+]?\d{1,3}\.\d{4}/;

function inRange(lat: number, lon: number): boolean {
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function dmsToDeg(d: string | undefined, m: string | undefined, s: string | undefined): number {
  return Number(d ?? 0) + Number(m ?? 0) / 60 + Number(s ?? 0) / 3600;
}

function isLat(h: string | undefined): boolean {
  return h === 'N' || h === 'S';
}

/**
 * Keeps the first-found of overlapping results (passes run from most to least specific, and
 * results carry the pass order in their position in `list`). O(n log n).
 */
function dropOverlaps(list: RecognizerResult[]): RecognizerResult[] {
  const order = list.map((r, i) => ({ r, i })).sort((a, b) => a.r.start - b.r.start || a.i - b.i);
  const kept: { r: RecognizerResult; i: number }[] = [];
  for (const x of order) {
    const last = kept[kept.length - 1];
    if (last !== undefined && x.r.start < last.r.end) {
      if (x.i < last.i) kept[kept.length - 1] = x; // the more specific pass wins
      continue;
    }
    kept.push(x);
  }
  return kept.map((x) => x.r);
}

/** Finds GEO_COORDINATES spans; see the module comment. */
function analyzeGeo(text: string): RecognizerResult[] {
  if (digitCount(text) < 2 || !SCREEN_RE.test(text)) return []; // a latitude and a longitude
  const results: RecognizerResult[] = [];
  // DMS_RE needs "°", "º" or the whole word "deg" (`\s?deg\b` after a digit)
  const hasDegree = text.includes('°') || text.includes('º') || triggerStarts(text, DEG_WORDS).length > 0;
  if (hasDegree) for (const m of text.matchAll(DMS_RE)) {
    const a = dmsToDeg(m[1], m[2], m[3]);
    const b = dmsToDeg(m[5], m[6], m[7]);
    if (Number(m[2]) >= 60 || Number(m[6]) >= 60 || Number(m[3] ?? 0) >= 60 || Number(m[7] ?? 0) >= 60) continue;
    if (isLat(m[4]) === isLat(m[8])) continue;
    const [lat, lon] = isLat(m[4]) ? [a, b] : [b, a];
    if (!inRange(lat, lon)) continue;
    results.push({ entityType: 'GEO_COORDINATES', start: m.index, end: m.index + m[0].length, score: 0.85, pattern: 'geo-dms' });
  }
  if (mayHaveHemisphere(text)) for (const m of text.matchAll(DEC_HEMI_RE)) {
    if (isLat(m[2]) === isLat(m[4])) continue;
    const [lat, lon] = isLat(m[2]) ? [Number(m[1]), Number(m[3])] : [Number(m[3]), Number(m[1])];
    if (!inRange(lat, lon) ) continue;
    results.push({ entityType: 'GEO_COORDINATES', start: m.index, end: m.index + m[0].length, score: 0.85, pattern: 'geo-decimal-hemisphere' });
  }
  if (triggerStarts(text, LAT_WORDS).length > 0) for (const m of text.matchAll(LABELLED_RE)) {
    if (!inRange(Number(m[1]), Number(m[2]))) continue;
    const end = m.index + m[0].length;
    results.push({ entityType: 'GEO_COORDINATES', start: m.index, end, score: 0.85, pattern: 'geo-labelled' });
  }
  if (PAIR_GATE_RE.test(text)) for (const m of text.matchAll(PAIR_RE)) {
    const end = m.index + m[0].length;
    if (!inRange(Number(m[1]), Number(m[3]))) continue;
    const precise = (m[2]?.length ?? 0) >= 4 && (m[4]?.length ?? 0) >= 4;
    results.push({ entityType: 'GEO_COORDINATES', start: m.index, end, score: precise ? 0.5 : 0.3, pattern: 'geo-decimal-pair' });
  }
  if (SPACE_PAIR_GATE_RE.test(text)) for (const m of text.matchAll(SPACE_PAIR_RE)) {
    if (!inRange(Number(m[1]), Number(m[3]))) continue;
    const precise = (m[2]?.length ?? 0) >= 5 && (m[4]?.length ?? 0) >= 5;
    results.push({ entityType: 'GEO_COORDINATES', start: m.index, end: m.index + m[0].length, score: precise ? 0.5 : 0.3, pattern: 'geo-decimal-pair-space' });
  }
  return dropOverlaps(results);
}

/** GEO_COORDINATES recognizer (DMS, decimal with hemispheres, labelled and bare decimal pairs). */
export const geoCoordinatesRecognizer: Recognizer = {
  name: 'geo-coordinates',
  entities: ['GEO_COORDINATES'],
  context: ['coordinates', 'coords', 'gps', 'location', 'lat', 'lon', 'lng', 'latitude', 'longitude', 'position', 'geo', 'pin', 'located'],
  analyze: (text) => analyzeGeo(text),
};
