import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HashListFormatError, MAX_LINE_BYTES, parseHashList } from './parse.ts';

const PDQ = 'f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p, 'utf8');
}

async function errorOf(p: Promise<unknown>): Promise<HashListFormatError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HashListFormatError);
  return err as HashListFormatError;
}

describe('parseHashList', () => {
  it('reads one PDQ or MD5 per line (CRLF, BOM, blank and # lines, any case), counting duplicates', async () => {
    const r = await parseHashList(chunks(`\uFEFF# exported list\r\n${PDQ.toUpperCase()}\r\n\r\n${MD5}\r\n${PDQ}\r\n`));
    expect(r.format).toBe('lines');
    expect([...r.signals.pdq]).toEqual([PDQ]);
    expect([...r.signals.md5]).toEqual([MD5]);
    expect(r.duplicates).toBe(1);
  });

  it('reads HMA CSV by header names, with quoting, extra columns and type aliases', async () => {
    const csv = `"signal","signal_type",note\n"${PDQ}",pdq,"a, quoted ""note"""\n${MD5},video_md5,\n${SHA},sha256,x\n`;
    const r = await parseHashList(chunks(csv));
    expect(r.format).toBe('hma_csv');
    expect([...r.signals.pdq]).toEqual([PDQ]);
    expect([...r.signals.md5]).toEqual([MD5]);
    expect([...r.signals.sha256]).toEqual([SHA]);
  });

  it('joins lines split across chunks', async () => {
    const text = `${PDQ}\n${MD5}\n`;
    const r = await parseHashList(chunks(text.slice(0, 10), text.slice(10, 70), text.slice(70)));
    expect([...r.signals.pdq]).toEqual([PDQ]);
    expect([...r.signals.md5]).toEqual([MD5]);
  });

  it('names every malformed line by number (first 20 listed, all counted) without echoing content', async () => {
    const lines = [PDQ, 'zz-secret-zz', MD5.slice(1), ...Array.from({ length: 30 }, () => 'bad'), MD5];
    const err = await errorOf(parseHashList(chunks(lines.join('\n'))));
    expect(err.errorCount).toBe(32);
    expect(err.errors).toHaveLength(20);
    expect(err.errors.slice(0, 3).map((e) => e.line)).toEqual([2, 3, 4]);
    expect(JSON.stringify(err.errors) + err.message).not.toContain('zz-secret-zz');
  });

  it('refuses CSV rows with unknown types, wrong lengths or missing columns', async () => {
    const csv = `signal_type,signal\npdq,${MD5}\nurl,https://example.com/\nmd5\nmd5,${MD5}\n`;
    const err = await errorOf(parseHashList(chunks(csv)));
    expect(err.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(err.errors[1]?.message).toMatch(/unknown signal_type/);
  });

  it('refuses an empty file and a file of comments only', async () => {
    expect((await errorOf(parseHashList(chunks('')))).message).toMatch(/malformed/);
    expect((await errorOf(parseHashList(chunks('# nothing\n\n')))).errors[0]?.message).toMatch(/no hashes/);
  });

  it('refuses an over-long line (a 20 MB line), still numbering the lines after it', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const big = Readable.from(
      (function* () {
        yield `${PDQ}\n`;
        for (let i = 0; i < 320; i++) yield chunk;
        yield `\n${MD5}\nbad\n`;
      })(),
    );
    const err = await errorOf(parseHashList(big));
    expect(err.errors).toEqual([
      { line: 2, message: `line longer than ${MAX_LINE_BYTES} bytes` },
      { line: 4, message: 'not a PDQ (64 hex digits) or MD5 (32 hex digits) hash' },
    ]);
  });

  it('streams a large list (200,000 lines) in small chunks', async () => {
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 200_000; i++) yield `${i.toString(16).padStart(64, '0')}\n`;
      })(),
    );
    const r = await parseHashList(source);
    expect(r.signals.pdq.size).toBe(200_000);
    expect(r.lines).toBe(200_000);
  });
});
