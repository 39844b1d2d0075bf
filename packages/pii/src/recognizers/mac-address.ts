/**
 * MAC_ADDRESS recognizer: IEEE 802 MAC-48/EUI-48 in the three usual textual forms — six hex pairs
 * separated consistently by `:` or `-` (IEEE 802-2014 §8.1 canonical form), or Cisco's three
 * dot-separated groups of four (`aabb.ccdd.eeff`). All-zero and broadcast (`ff…ff`) addresses are
 * not reported (they identify no device).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';

const MAC = /(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Za-z]|[:.-][0-9A-Fa-f])/y;
/** Screen: a separator with hex digits around it in the MAC-48 (`hh:hh:`) or Cisco (`hhhh.hhhh.`) shape. */
const SCREEN = /[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}\1|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\./g;

/** Finds MAC addresses. */
export function findMacs(text: string): RecognizerResult[] {
  if (text.indexOf(':') === -1 && text.indexOf('-') === -1 && text.indexOf('.') === -1) return [];
  const out: RecognizerResult[] = [];
  SCREEN.lastIndex = 0;
  for (let sc = SCREEN.exec(text); sc; sc = SCREEN.exec(text)) {
    MAC.lastIndex = sc.index;
    const m = MAC.exec(text);
    if (!m) {
      SCREEN.lastIndex = sc.index + 1;
      continue;
    }
    SCREEN.lastIndex = m.index + m[0].length;
    const p = text.charCodeAt(m.index - 1);
    if (p === p && /[0-9A-Za-z:.-]/.test(String.fromCharCode(p))) continue;
    const hex = m[0].replace(/[:.-]/g, '').toLowerCase();
    if (hex === '000000000000' || hex === 'ffffffffffff') continue;
    out.push({ entityType: 'MAC_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.6, pattern: m[1] ? 'mac-48' : 'mac-cisco' });
  }
  return out;
}

/** MAC_ADDRESS recognizer (base score 0.6). */
export const macAddressRecognizer: Recognizer = {
  name: 'mac-address',
  entities: ['MAC_ADDRESS'],
  context: ['mac', 'mac address', 'hardware address', 'physical address', 'ethernet', 'wifi', 'bssid'],
  analyze: findMacs,
};
