/**
 * MAC_ADDRESS recognizer: IEEE 802 MAC-48/EUI-48 in the three usual textual forms — six hex pairs
 * separated consistently by `:` or `-` (IEEE 802-2014 §8.1 canonical form), or Cisco's three
 * dot-separated groups of four (`aabb.ccdd.eeff`). All-zero and broadcast (`ff…ff`) addresses are
 * not reported (they identify no device).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { isHex } from '../text/chars.ts';

const MAC = /(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Za-z]|[:.-][0-9A-Fa-f])/y;


/**
 * Screen with `indexOf`: start offsets where a separator has the MAC-48 shape around it
 * (`hh:hh:` / `hh-hh-`) or the Cisco shape (`hhhh.hhhh.`), in increasing order.
 */
function screen(text: string): number[] {
  const starts: number[] = [];
  for (const sep of [58, 45]) {
    const ch = String.fromCharCode(sep);
    for (let i = text.indexOf(ch, 2); i !== -1; i = text.indexOf(ch, i + 1)) {
      if (text.charCodeAt(i + 3) === sep && isHex(text.charCodeAt(i - 1)) && isHex(text.charCodeAt(i - 2)) && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
        starts.push(i - 2);
      }
    }
  }
  for (let i = text.indexOf('.', 4); i !== -1; i = text.indexOf('.', i + 1)) {
    if (text.charCodeAt(i + 5) === 46 && isHex(text.charCodeAt(i - 1)) && isHex(text.charCodeAt(i - 4)) && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 4))) {
      starts.push(i - 4);
    }
  }
  return starts.sort((a, b) => a - b);
}

/** Finds MAC addresses. */
export function findMacs(text: string): RecognizerResult[] {
  if (text.indexOf(':') === -1 && text.indexOf('-') === -1 && text.indexOf('.') === -1) return [];
  const out: RecognizerResult[] = [];
  for (const start of screen(text)) {
    if (out.length > 0 && start < out[out.length - 1]!.end) continue;
    MAC.lastIndex = start;
    const m = MAC.exec(text);
    if (!m) continue;
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
