/**
 * Hash-list files, read as a stream (a list of millions of lines never sits in memory as text):
 * - Hasher-Matcher-Actioner / python-threatexchange CSV: a header line naming the columns
 *   `signal_type` and `signal` (others ignored), then one signal per row; types `pdq`, `md5`
 *   (also `video_md5`, `photo_md5`) and `sha256`;
 * - or one hash per line: PDQ (64 hex digits) or MD5 (32 hex digits).
 * Blank lines and lines starting with `#` are skipped; values are stored lowercase; duplicates are
 * counted and kept once. Any malformed line fails the whole file ({@link HashListFormatError} names
 * the line numbers, never the line's content) — nothing is imported from a file with an error.
 */
import type { SignalType } from '../../db/schema/hashlists.ts';

/** Longest accepted line, bytes (a PDQ CSV row is ~70). */
export const MAX_LINE_BYTES = 4096;
/** Most entries in one list. */
export const MAX_ENTRIES = 5_000_000;
/** Line errors reported (the count is always given). */
export const MAX_REPORTED_ERRORS = 20;

/** One problem in a hash-list file: 1-based line number and what is wrong (no file content). */
export interface LineError {
  line: number;
  message: string;
}

/** Thrown when a file has malformed lines (all of them counted, the first {@link MAX_REPORTED_ERRORS} listed). */
export class HashListFormatError extends Error {
  override name = 'HashListFormatError';
  constructor(
    readonly errors: LineError[],
    readonly errorCount: number,
  ) {
    super(`The hash list has ${errorCount} malformed line${errorCount === 1 ? '' : 's'} (first at line ${errors[0]?.line ?? 0}); nothing was imported`);
  }
}

/** The parsed signals of a file. */
export interface ParsedHashList {
  format: 'hma_csv' | 'lines';
  signals: Record<SignalType, Set<string>>;
  /** Signals that appeared more than once (kept once). */
  duplicates: number;
  /** Lines read, including blank and comment lines. */
  lines: number;
}

/** A line, its 1-based number, and whether it was cut at {@link MAX_LINE_BYTES}. */
interface Line {
  text: string;
  number: number;
  tooLong: boolean;
}

/** Splits a byte stream into lines (LF or CRLF) without ever holding more than one line. */
async function* splitLines(source: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): Line => {
    number += 1;
    let text = tooLong ? '' : Buffer.concat(parts, size).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const line = { text, number, tooLong };
    parts = [];
    size = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      const end = nl === -1 ? buf.length : nl;
      if (!tooLong) {
        if (size + (end - start) > maxBytes) {
          tooLong = true;
          parts = [];
          size = 0;
        } else if (end > start) {
          parts.push(buf.subarray(start, end));
          size += end - start;
        }
      }
      if (nl === -1) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (size > 0 || tooLong) yield finish();
}

/** Splits one CSV record (RFC 4180 quoting, no line breaks inside fields); `undefined` when malformed. */
function csvFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (line[at] === '"') {
      let value = '';
      at += 1;
      for (;;) {
        const q = line.indexOf('"', at);
        if (q === -1) return undefined;
        value += line.slice(at, q);
        if (line[q + 1] === '"') {
          value += '"';
          at = q + 2;
          continue;
        }
        at = q + 1;
        break;
      }
      fields.push(value);
      if (at === line.length) return fields;
      if (line[at] !== ',') return undefined;
      at += 1;
    } else {
      const comma = line.indexOf(',', at);
      if (comma === -1) {
        fields.push(line.slice(at));
        return fields;
      }
      fields.push(line.slice(at, comma));
      at = comma + 1;
    }
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const TYPE_NAMES: Record<string, SignalType> = { pdq: 'pdq', md5: 'md5', video_md5: 'md5', photo_md5: 'md5', sha256: 'sha256' };

/** The signal a CSV row holds, or the reason it is refused. */
function csvSignal(type: string, value: string): { type: SignalType; value: string } | string {
  const t = TYPE_NAMES[type.trim().toLowerCase()];
  if (!t) return 'unknown signal_type (expected pdq, md5, video_md5, photo_md5 or sha256)';
  const v = value.trim().toLowerCase();
  if (t === 'md5' ? !HEX32.test(v) : !HEX64.test(v)) return `not a ${t === 'md5' ? 'MD5 (32' : t === 'pdq' ? 'PDQ (64' : 'SHA-256 (64'} hex digits) signal`;
  return { type: t, value: v };
}

/**
 * Parses a hash-list file from `source` (chunks of UTF-8 text). Throws {@link HashListFormatError}
 * on malformed lines, an empty list, more than {@link MAX_ENTRIES} entries or a line over
 * {@link MAX_LINE_BYTES}.
 */
export async function parseHashList(source: AsyncIterable<Buffer | string>): Promise<ParsedHashList> {
  const signals: Record<SignalType, Set<string>> = { pdq: new Set(), md5: new Set(), sha256: new Set() };
  const errors: LineError[] = [];
  let errorCount = 0;
  const fail = (line: number, message: string) => {
    errorCount += 1;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, message });
  };
  let format: ParsedHashList['format'] | undefined;
  let typeCol = -1;
  let signalCol = -1;
  let duplicates = 0;
  let total = 0;
  let lines = 0;
  const add = (line: number, type: SignalType, value: string) => {
    const set = signals[type];
    if (set.has(value)) duplicates += 1;
    else if (total >= MAX_ENTRIES) fail(line, `more than ${MAX_ENTRIES} entries`);
    else {
      set.add(value);
      total += 1;
    }
  };
  for await (const { text, number, tooLong } of splitLines(source, MAX_LINE_BYTES)) {
    lines = number;
    if (tooLong) {
      fail(number, `line longer than ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    const trimmed = (number === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (format === undefined) {
      const header = csvFields(trimmed)?.map((f) => f.trim().toLowerCase());
      if (header && header.includes('signal_type') && header.includes('signal')) {
        format = 'hma_csv';
        typeCol = header.indexOf('signal_type');
        signalCol = header.indexOf('signal');
        continue;
      }
      format = 'lines';
    }
    if (format === 'hma_csv') {
      const fields = csvFields(trimmed);
      const type = fields?.[typeCol];
      const value = fields?.[signalCol];
      if (type === undefined || value === undefined) {
        fail(number, 'not a CSV row with signal_type and signal');
        continue;
      }
      const s = csvSignal(type, value);
      if (typeof s === 'string') fail(number, s);
      else add(number, s.type, s.value);
    } else {
      const v = trimmed.toLowerCase();
      if (HEX64.test(v)) add(number, 'pdq', v);
      else if (HEX32.test(v)) add(number, 'md5', v);
      else fail(number, 'not a PDQ (64 hex digits) or MD5 (32 hex digits) hash');
    }
  }
  if (errorCount > 0) throw new HashListFormatError(errors, errorCount);
  if (total === 0) throw new HashListFormatError([{ line: lines, message: 'the file holds no hashes' }], 1);
  return { format: format ?? 'lines', signals, duplicates, lines };
}
