/**
 * Known-subject index (exact data match): finds values already known to belong to a data subject
 * (names, usernames, e-mails, phones, IPs, device ids) in any text, in one pass.
 *
 * Storage: only keyed fingerprints — the first 64 bits of HMAC-SHA-256(key, canonical value)
 * (RFC 2104 / FIPS 198-1), kept as two sorted `Uint32Array`s (high/low words) plus a `Uint32Array` of
 * subject indexes — and a Bloom-filter prefilter of a fast keyed 32-bit hash (two probes) so that
 * most candidate windows never reach the HMAC. No plaintext value is stored. Memory: 24 bytes per
 * value (fingerprint, subject index, two prefilter hashes, first-token hash) plus the blocked Bloom
 * prefilter (32 bits per value, rounded up to a power of two), e.g. ≈ 28 MB for 1,000,000 values.
 *
 * Matching: windows of 1..{@link MAX_NGRAM} consecutive tokens ({@link tokenize}) of the analyzer's
 * normalized view, lower-cased; runs of phone-like tokens are also tried as `tel:<digits>` keys.
 */
import { createHmac } from 'node:crypto';
import type { RecognizerResult } from '../types.ts';
import { hashCombine, hashKey, hashToken, secondHash } from './fast-hash.ts';
import { scanTokens } from './scan.ts';
import { canonicalKey, phoneKey, isPhoneLike } from './normalize-value.ts';
import { lowerUnit, type TokenBuffer } from './tokens.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { decodeIndex, encodeIndex } from './serialize.ts';
import { addToBloom, bloomFirst, bloomMaybe, bloomWordsFor, buildBloom } from './bloom.ts';
import { digitCount } from '../text/text-facts.ts';

/** Digits of the shortest `tel:` key tried ({@link KnownSubjectIndex} `matchPhone`). */
const MIN_PHONE_DIGITS = 7;

/** Longest token window tried (names of up to 5 words). */
export const MAX_NGRAM = 5;

/**
 * Supporting values (country, city, date of birth, a first or last name alone) count only within
 * this many UTF-16 code units of a primary match of the same subject.
 */
export const SUPPORTING_WINDOW = 300;

/** Raw typed-array state of an index (what `serialize()` writes). */
export interface IndexArrays {
  hi: Uint32Array;
  lo: Uint32Array;
  subject: Uint32Array;
  /** Fast keyed prefilter hashes (two per value), kept so the prefilter can be rebuilt at any size. */
  fast1: Uint32Array;
  fast2: Uint32Array;
  /** First-token hash of multi-token values (0 for single-token ones): n-grams start only there. */
  first: Uint32Array;
  /** Blocked Bloom prefilter (derived; not serialized), see `bloom.ts`. */
  bloom: Uint32Array;
  subjects: string[];
}

function keyBytes(key: Uint8Array | string): Buffer {
  const b = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (b.length < 16) throw new Error('known-subject key must be at least 16 bytes');
  return b;
}

/**
 * Index of known values per subject. Not thread-safe; register all values, then match.
 * @example
 * const idx = new KnownSubjectIndex(secretKey);
 * idx.registerKnownValues('subj-1', ['Jane Doe', 'jane@example.com', '+1 201-555-0147']);
 * idx.match('mail JANE@example.com') // → [{ entityType: 'KNOWN_SUBJECT', subjectId: 'subj-1', … }]
 */
export class KnownSubjectIndex {
  private readonly key: Buffer;
  private readonly seed1: number;
  private readonly seed2: number;
  private subjects: string[] = [];
  private subjectIds = new Map<string, number>();
  private pendingHi: number[] = [];
  private pendingLo: number[] = [];
  private pendingSubject: number[] = [];
  private pendingFast1: number[] = [];
  private pendingFast2: number[] = [];
  private pendingFirst: number[] = [];
  private arrays: IndexArrays | undefined;
  /** Pending values already in the prefilter and in `recent` (see `finalize`). */
  private bloomed = 0;
  /** Fingerprint (`hi:lo`) → subject of incrementally added pending values. */
  private readonly recent = new Map<string, number[]>();
  private builds = 0;
  private readonly buf: TokenBuffer = { starts: [], ends: [], count: 0 };
  private th1: number[] = [];
  /** Supporting values, matched only near a primary match of the same subject (not serialized). */
  private supporting: KnownSubjectIndex | undefined;

  /** @param key HMAC key, ≥ 16 bytes (a string is taken as UTF-8). @throws Error when shorter. */
  constructor(key: Uint8Array | string) {
    this.key = keyBytes(key);
    const seed = createHmac('sha256', this.key).update('enclave-known-subjects/prefilter').digest();
    this.seed1 = seed.readUInt32BE(0);
    this.seed2 = seed.readUInt32BE(4);
  }

  /** 8 bytes proving the key, stored in the serialized form. */
  keyCheck(): Buffer {
    return createHmac('sha256', this.key).update('enclave-known-subjects/check').digest().subarray(0, 8);
  }

  /** Number of stored fingerprints. */
  get size(): number {
    return (this.arrays?.hi.length ?? 0) + this.pendingHi.length;
  }

  /**
   * Registers values of one subject. Empty values are ignored. Phone numbers written with `+` are
   * also registered under their national significant number.
   */
  registerKnownValues(subjectId: string, values: readonly string[]): void {
    let sid = this.subjectIds.get(subjectId);
    if (sid === undefined) {
      sid = this.subjects.length;
      this.subjects.push(subjectId);
      this.subjectIds.set(subjectId, sid);
    }
    for (const v of values) {
      const k = canonicalKey(v);
      if (k === '' || k === 'tel:') continue;
      this.addKey(k, sid);
      if (k.startsWith('tel:') && v.trim().startsWith('+')) {
        const p = parsePhoneNumberFromString(v.trim());
        if (p) this.addKey(phoneKey(p.nationalNumber), sid);
      }
    }
  }

  /**
   * Registers supporting values of one subject (country, city, date of birth, a name part): they
   * are reported only within {@link SUPPORTING_WINDOW} code units of a primary match of the same
   * subject (so "Germany" alone is no finding, "Jane Doe, from Germany" is two). Kept in memory
   * only: `serialize()` does not include them.
   */
  registerSupportingValues(subjectId: string, values: readonly string[]): void {
    this.supporting ??= new KnownSubjectIndex(createHmac('sha256', this.key).update('enclave-known-subjects/supporting').digest());
    this.supporting.registerKnownValues(subjectId, values);
  }

  private addKey(k: string, sid: number): void {
    const fp = this.fingerprint(k);
    this.pendingHi.push(fp[0]);
    this.pendingLo.push(fp[1]);
    this.pendingSubject.push(sid);
    const [f1, f2] = hashKey(this.seed1, this.seed2, k);
    this.pendingFast1.push(f1);
    this.pendingFast2.push(f2);
    const space = k.indexOf(' ');
    this.pendingFirst.push(space === -1 ? 0 : hashToken(this.seed1, k.slice(0, space)) || 1);
  }

  private fingerprint(k: string): [number, number] {
    const d = createHmac('sha256', this.key).update(k, 'utf8').digest();
    return [d.readUInt32BE(0), d.readUInt32BE(4)];
  }

  /** Full builds of the sorted arrays so far (diagnostics: registrations between builds are incremental). */
  get rebuilds(): number {
    return this.builds;
  }

  /**
   * Makes pending values matchable. Few pending values (≤ 1/8 of the sorted ones, or ≤ 4,096) whose
   * count keeps the prefilter's size are added incrementally: their bits set in the existing
   * prefilter and their fingerprints in a map `lookup` also consults — O(pending), so a value
   * registered per intake does not rebuild a large index. Otherwise (or with `full`) merges pending
   * values into the sorted arrays and rebuilds the prefilter: O(n log n).
   */
  private finalize(full = false): IndexArrays {
    const pending = this.pendingHi.length;
    if (this.arrays && pending === this.bloomed && (!full || pending === 0)) return this.arrays;
    const cur = this.arrays;
    if (cur && !full && pending <= Math.max(4096, cur.hi.length >>> 3) && bloomWordsFor(cur.hi.length + pending) === cur.bloom.length) {
      for (let i = this.bloomed; i < pending; i++) {
        addToBloom(cur.bloom, this.pendingFast1[i]!, this.pendingFast2[i]!, this.pendingFirst[i]!);
        const fp = `${this.pendingHi[i]!}:${this.pendingLo[i]!}`;
        const sid = this.pendingSubject[i]!;
        const list = this.recent.get(fp);
        if (!list) this.recent.set(fp, [sid]);
        else if (!list.includes(sid)) list.push(sid);
      }
      this.bloomed = pending;
      return cur;
    }
    this.builds++;
    this.recent.clear();
    this.bloomed = 0;
    const old = this.arrays;
    const oldN = old?.hi.length ?? 0;
    const n = oldN + this.pendingHi.length;
    const cols = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)] as const;
    const [hi, lo, subject, fast1, fast2, first] = cols;
    if (old) {
      hi.set(old.hi);
      lo.set(old.lo);
      subject.set(old.subject);
      fast1.set(old.fast1);
      fast2.set(old.fast2);
      first.set(old.first);
    }
    hi.set(this.pendingHi, oldN);
    lo.set(this.pendingLo, oldN);
    subject.set(this.pendingSubject, oldN);
    fast1.set(this.pendingFast1, oldN);
    fast2.set(this.pendingFast2, oldN);
    first.set(this.pendingFirst, oldN);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]!);
    const pick = (col: Uint32Array): Uint32Array => order.map((i) => col[i]!);
    const arrays: IndexArrays = {
      hi: pick(hi),
      lo: pick(lo),
      subject: pick(subject),
      fast1: pick(fast1),
      fast2: pick(fast2),
      first: pick(first),
      bloom: buildBloom(fast1, fast2, first),
      subjects: this.subjects,
    };
    this.pendingHi = [];
    this.pendingLo = [];
    this.pendingSubject = [];
    this.pendingFast1 = [];
    this.pendingFast2 = [];
    this.pendingFirst = [];
    this.bloomed = 0;
    this.arrays = arrays;
    return arrays;
  }

  /** Bytes held by the typed arrays (fingerprints, subject indexes, prefilter). */
  byteSize(): number {
    const a = this.finalize(true);
    return a.hi.byteLength + a.lo.byteLength + a.subject.byteLength + a.fast1.byteLength + a.fast2.byteLength + a.first.byteLength + a.bloom.byteLength;
  }

  /** Serializes the index (see `serialize.ts` for the layout). Contains no plaintext values. */
  serialize(): Uint8Array {
    return encodeIndex(this.finalize(true), this.keyCheck());
  }

  /**
   * Loads a serialized index. @throws Error when the key does not match or the bytes are corrupt.
   */
  static load(key: Uint8Array | string, bytes: Uint8Array): KnownSubjectIndex {
    const idx = new KnownSubjectIndex(key);
    const arrays = decodeIndex(bytes, idx.keyCheck());
    idx.arrays = arrays;
    idx.subjects = arrays.subjects;
    idx.subjectIds = new Map(arrays.subjects.map((s, i) => [s, i]));
    return idx;
  }

  /** Every subject `k` was registered for (a value two subjects share names both), in registration order of first sight. */
  private lookup(a: IndexArrays, k: string): string[] {
    const [h, l] = this.fingerprint(k);
    let lo = 0;
    let hi = a.hi.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a.hi[mid]! < h || (a.hi[mid] === h && a.lo[mid]! < l)) lo = mid + 1;
      else hi = mid;
    }
    const sids: number[] = [];
    for (let i = lo; i < a.hi.length && a.hi[i] === h && a.lo[i] === l; i++) if (!sids.includes(a.subject[i]!)) sids.push(a.subject[i]!);
    const r = this.recent.size > 0 ? this.recent.get(`${h}:${l}`) : undefined;
    if (r) for (const sid of r) if (!sids.includes(sid)) sids.push(sid);
    return sids.map((sid) => a.subjects[sid]!).filter((x) => x !== undefined);
  }

  private maybe(a: IndexArrays, h1: number, h2: number): boolean {
    return bloomMaybe(a.bloom, h1, h2);
  }

  /**
   * Finds registered values in `text` (the analyzer's normalized view). Offsets are into `text`.
   * A value registered for several subjects is one result naming all of them (`subjectIds`, set
   * when more than one; `subjectId` is the first). Supporting values are reported within
   * {@link SUPPORTING_WINDOW} code units of a primary match of the same subject, or anywhere for
   * the subjects in `opts.supportingSubjects` (e.g. the subjects of the case room the text is in).
   * @returns `KNOWN_SUBJECT` results with `subjectId`, score 1.0.
   */
  match(text: string, opts: { supportingSubjects?: ReadonlySet<string> } = {}): RecognizerResult[] {
    const primary = this.matchPrimary(text);
    const alone = opts.supportingSubjects;
    if (!this.supporting || (primary.length === 0 && (!alone || alone.size === 0))) return primary;
    const near: RecognizerResult[] = [];
    for (const s of this.supporting.matchPrimary(text)) {
      if (primary.some((p) => s.start < p.end && p.start < s.end)) continue;
      const keep = subjectsOf(s).filter(
        (id) => alone?.has(id) === true || primary.some((p) => subjectsOf(p).includes(id) && s.start < p.end + SUPPORTING_WINDOW && p.start < s.end + SUPPORTING_WINDOW),
      );
      if (keep.length === 0) continue;
      const { subjectIds: _all, ...rest } = s;
      near.push({ ...rest, subjectId: keep[0]!, ...(keep.length > 1 ? { subjectIds: keep } : {}), pattern: 'known-supporting' });
    }
    return near.length === 0 ? primary : [...primary, ...near].sort((a, b) => a.start - b.start);
  }

  private matchPrimary(text: string): RecognizerResult[] {
    if (this.size === 0) return [];
    const a = this.finalize();
    const out: RecognizerResult[] = [];
    const buf = this.buf;
    const th1 = this.th1;
    // one pass over the characters: token bounds and a first hash per token
    scanTokens(text, this.seed1, buf, th1);
    const { starts, ends } = buf;
    const bloom = a.bloom;
    // a `tel:` key needs 7 digits: below that, no phone run is tried (the shared text pass counts them)
    const phones = digitCount(text) >= MIN_PHONE_DIGITS;
    for (let t = 0; t < buf.count; t++) {
      const h = th1[t]!;
      const c0 = text.charCodeAt(starts[t]!);
      const phoneish = phones && ((c0 >= 48 && c0 <= 57) || c0 === 43 || c0 === 40 || c0 === 41);
      // fast path (most tokens): neither a registered value nor the start of one — one cache line
      const multi = bloomFirst(bloom, h);
      if (!multi && !bloomMaybe(bloom, h, secondHash(h, this.seed2))) {
        if (phoneish) this.matchPhone(a, text, t, out);
        continue;
      }
      let g1 = 0;
      let g2 = 0;
      // n-grams only from tokens that start some registered multi-token value
      const last = multi ? Math.min(buf.count, t + MAX_NGRAM) : t + 1;
      for (let u = t; u < last; u++) {
        g1 = u === t ? th1[u]! : hashCombine(g1, th1[u]!);
        const h2 = secondHash(th1[u]!, this.seed2);
        g2 = u === t ? h2 : hashCombine(g2, h2);
        if (this.maybe(a, g1, g2)) {
          let k = '';
          for (let w = t; w <= u; w++) {
            if (w > t) k += ' ';
            for (let i = starts[w]!; i < ends[w]!; i++) k += String.fromCharCode(lowerUnit(text.charCodeAt(i)));
          }
          const sids = isPhoneLike(k) ? [] : this.lookup(a, k);
          if (sids.length > 0) out.push({ entityType: 'KNOWN_SUBJECT', start: starts[t]!, end: ends[u]!, score: 1, ...withSubjects(sids), pattern: 'known-value' });
        }
      }
      if (phoneish) this.matchPhone(a, text, t, out);
    }
    return out;
  }

  /** Tries `tel:` keys for runs of phone-like tokens starting at token `t`. */
  private matchPhone(a: IndexArrays, text: string, t: number, out: RecognizerResult[]): void {
    const { starts, ends } = this.buf;
    let digits = '';
    const last = Math.min(this.buf.count, t + MAX_NGRAM);
    for (let u = t; u < last; u++) {
      for (let i = starts[u]!; i < ends[u]!; i++) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57) {
          if (digits.length > 0 || c !== 48) digits += text[i];
        } else if (!(c === 40 || c === 41 || c === 45 || c === 46 || c === 47 || (c === 43 && u === t && i === starts[u]))) return;
      }
      if (digits.length < MIN_PHONE_DIGITS) continue;
      if (digits.length > 17) return;
      const k = 'tel:' + digits;
      const k1 = hashToken(this.seed1, k);
      if (this.maybe(a, k1, secondHash(k1, this.seed2))) {
        const candidate = text.slice(starts[t], ends[u]);
        if (!isPhoneLike(candidate)) continue;
        const sids = this.lookup(a, k);
        if (sids.length === 0) continue;
        // a leading `(` trimmed by the tokenizer belongs to the number when its `)` is inside
        const open = text.charCodeAt(starts[t]! - 1) === 40 && candidate.includes(')');
        // a preceding country-code token (`+44`) belongs to a nationally registered number
        const cc = t > 0 && /^\+\d{1,3}$/.test(text.slice(starts[t - 1], ends[t - 1]));
        out.push({ entityType: 'KNOWN_SUBJECT', start: cc ? starts[t - 1]! : open ? starts[t]! - 1 : starts[t]!, end: ends[u]!, score: 1, ...withSubjects(sids), pattern: 'known-phone' });
      }
    }
  }
}

/** The subjects of a result: `subjectIds` when set, else `[subjectId]`. */
function subjectsOf(r: RecognizerResult): string[] {
  return r.subjectIds ?? (r.subjectId !== undefined ? [r.subjectId] : []);
}

/** `subjectId` (the first) and, for a value shared by several subjects, `subjectIds`. */
function withSubjects(sids: string[]): { subjectId: string; subjectIds?: string[] } {
  return sids.length > 1 ? { subjectId: sids[0]!, subjectIds: sids } : { subjectId: sids[0]! };
}

export { canonicalKey };
