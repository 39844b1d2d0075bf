/**
 * DEVICE_ID recognizer.
 * - IMEI (3GPP TS 23.003 §6.2.1): 15 digits with a Luhn check digit, compact or `AA-BBBBBB-CCCCCC-D`.
 *   Told apart from 15-digit cards (Amex 34/37, UATP 1): the first two digits must be a GSMA
 *   reporting-body identifier ({@link RBI}); card prefixes only score 0.2 (a cue is needed).
 * - IMEISV: 16 digits (`AA-BBBBBB-CCCCCC-SV`, no check digit): 0.3, needs a cue.
 * - UUID-shaped ids (IDFA, GAID/AAID, RFC 9562 UUID) and 16-hex Android IDs: 0.1, need a cue
 *   (`idfa`, `gaid`, `advertising id`, `android id`, `device id`, …) — a bare request id is not PII.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { digitsOf, forEachDigitRun, rightBoundaryOk } from '../text/digit-groups.ts';
import { luhnValid } from '../validators/luhn.ts';

/** GSMA TAC reporting-body identifiers (first two IMEI digits) in use. */
/** Cheap screen for the cue words that can lift a UUID/Android ID above the threshold. */
/** Both id shapes contain at least eight hex digits in a row. */
const HEX8 = /[0-9A-Fa-f]{8}/;
const CUE_SCREEN = /idfa|idfv|gaid|aaid|udid|advertising|android|device|ad id/i;
const RBI = new Set(['00', '01', '10', '30', '31', '33', '35', '44', '45', '49', '50', '51', '52', '53', '54', '86', '91', '98', '99']);
const UUID = /(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z]|-[0-9A-Za-z])/g;
const HEX16 = /(?<![0-9A-Za-z_-])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16}(?![0-9A-Za-z_-])/g;

function imeiLike(text: string, out: RecognizerResult[]): void {
  forEachDigitRun(text, 5, (run) => {
    const { groupStarts: gs, groupEnds: ge } = run;
    const s = gs[0]!;
    const e = ge[ge.length - 1]!;
    if (!rightBoundaryOk(text, e)) return;
    const sizes = ge.map((end, k) => end - gs[k]!).join(',');
    const d = digitsOf(text, s, e);
    const formatted = sizes === '2,6,6,1' || sizes === '2,6,6,2';
    if (!(formatted || ge.length === 1)) return;
    if (d.length === 15 && luhnValid(d)) {
      const rbi = RBI.has(d.slice(0, 2));
      const score = formatted ? 0.7 : rbi ? 0.5 : 0.2;
      out.push({ entityType: 'DEVICE_ID', start: s, end: e, score, pattern: formatted ? 'imei-formatted' : 'imei', validator: 'luhn' });
    } else if (d.length === 16 && (formatted || RBI.has(d.slice(0, 2)))) {
      out.push({ entityType: 'DEVICE_ID', start: s, end: e, score: 0.3, pattern: 'imeisv' });
    }
  });
}

/** `indexOf` pre-screen for {@link CUE_SCREEN}: every cue contains one of these substrings. */
function mayHaveCue(text: string): boolean {
  for (const s of ['id', 'ID', 'Id', 'evice', 'EVICE', 'dvertis', 'DVERTIS']) if (text.indexOf(s) !== -1) return true;
  return false;
}

/** Finds device identifiers (see module doc for scores). */
export function findDeviceIds(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  imeiLike(text, out);
  // advertising ids and Android IDs are only reported with a cue: skip the scan without one
  if (!mayHaveCue(text) || !CUE_SCREEN.test(text) || !HEX8.test(text)) return out;
  if (text.indexOf('-') !== -1) {
    UUID.lastIndex = 0;
    for (let m = UUID.exec(text); m; m = UUID.exec(text)) {
      out.push({ entityType: 'DEVICE_ID', start: m.index, end: m.index + m[0].length, score: 0.1, pattern: 'uuid-advertising-id' });
    }
  }
  HEX16.lastIndex = 0;
  for (let m = HEX16.exec(text); m; m = HEX16.exec(text)) {
    out.push({ entityType: 'DEVICE_ID', start: m.index, end: m.index + 16, score: 0.1, pattern: 'android-id' });
  }
  return out;
}

/** DEVICE_ID recognizer. */
export const deviceIdRecognizer: Recognizer = {
  name: 'device-id',
  entities: ['DEVICE_ID'],
  context: ['imei', 'imeisv', 'idfa', 'idfv', 'gaid', 'aaid', 'udid', 'advertising id', 'ad id', 'android id', 'device id', 'device', 'handset', 'phone'],
  analyze: findDeviceIds,
};
