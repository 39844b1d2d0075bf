import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '@enclave/pii';
import { SMALL_EXPORT_EXPECTED as X, smallExport, writeZip, zipEntriesOf } from '../../test/slack-export-fixture.ts';
import { scanExport } from './scan-export.ts';
import { ExportError, openExport, unsafePathReason } from './slack-source.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-slack-src-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const day = (text: string): Buffer => Buffer.from(JSON.stringify([{ type: 'message', ts: '1704103200.000100', user: 'U1', text }]));

describe('reading a Slack export zip safely', () => {
  it('skips entries with ../ or absolute paths, reports them, and reads the rest', async () => {
    const zip = join(dir, 'x.zip');
    writeZip(zip, [...zipEntriesOf(smallExport()), { name: '../escape/2024-01-01.json', data: day('x') }, { name: '/etc/general/2024-01-01.json', data: day('x') }]);
    const src = await openExport(zip);
    expect(src.files).not.toContain('../escape/2024-01-01.json');
    expect(src.files.some((f) => f.includes('..') || f.startsWith('/'))).toBe(false);
    expect(src.warnings.join('\n')).toMatch(/path traversal/u);
    expect(src.warnings.join('\n')).toMatch(/absolute path/u);
    const r = await scanExport(src, { analyze: (t) => analyze(t) });
    expect(r.messages).toBe(X.messages);
    expect(r.problems.warnings.join('\n')).toMatch(/path traversal/u);
    await src.close();
    expect(existsSync(join(dir, '..', 'escape'))).toBe(false);
  });

  it('names unsafe paths', () => {
    expect(unsafePathReason('a/../../b')).toMatch(/traversal/u);
    expect(unsafePathReason('C:/x')).toMatch(/absolute/u);
    expect(unsafePathReason('a\\b')).toMatch(/backslash/u);
    expect(unsafePathReason('general/2024-01-01.json')).toBeUndefined();
  });

  it('refuses a truncated zip with a clear ExportError', async () => {
    const zip = join(dir, 't.zip');
    writeZip(zip, zipEntriesOf(smallExport()), { truncateTo: 300 });
    await expect(openExport(zip)).rejects.toThrow(ExportError);
    await expect(openExport(zip)).rejects.toThrow(/truncated/u);
  });

  it('skips a zip bomb entry (huge ratio) without inflating it', async () => {
    const zip = join(dir, 'bomb.zip');
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    writeZip(zip, [...zipEntriesOf(smallExport()), { name: 'general/2024-02-01.json', data: zeros, deflate: true }]);
    const src = await openExport(zip);
    expect(src.files).not.toContain('general/2024-02-01.json');
    expect(src.warnings.join('\n')).toMatch(/zip bomb/u);
    await src.close();
  });

  it('skips an entry declared over the size limit, and aborts one that inflates past its declared size', async () => {
    const zip = join(dir, 'lie.zip');
    const big = Buffer.alloc(3000, 0x20);
    writeZip(zip, [
      ...zipEntriesOf(smallExport()),
      { name: 'general/2024-03-01.json', data: day('fine'), deflate: true, declaredSize: 5000 },
      { name: 'general/2024-03-02.json', data: big, deflate: true, declaredSize: 10 },
    ]);
    const src = await openExport(zip, { maxEntryBytes: 4000 });
    expect(src.files).not.toContain('general/2024-03-01.json');
    await expect(src.read('general/2024-03-02.json')).rejects.toThrow(ExportError);
    const r = await scanExport(src, { analyze: (t) => analyze(t) });
    expect(r.problems.malformedDayFiles).toContain('general/2024-03-02.json');
    await src.close();
  });

  it('refuses a path that does not exist', async () => {
    await expect(openExport(join(dir, 'nope'))).rejects.toThrow(/no such file/u);
  });
});

describe('a large generated export', () => {
  it('is streamed one day file at a time, in bounded memory', { timeout: 120_000 }, async () => {
    const { generateExport } = await import('../../test/slack-export-fixture.ts');
    const g = generateExport(dir, { messages: 20_000, channels: 4 });
    const src = await openExport(dir);
    let open = 0;
    let maxOpen = 0;
    let maxBytes = 0;
    let peakHeap = 0;
    const read = src.read.bind(src);
    const watched = Object.assign(Object.create(src) as typeof src, {
      read: async (p: string) => {
        maxOpen = Math.max(maxOpen, ++open);
        try {
          const b = await read(p);
          maxBytes = Math.max(maxBytes, b.length);
          return b;
        } finally {
          open--;
        }
      },
    });
    const base = process.memoryUsage().heapUsed;
    const r = await scanExport(watched, { analyze: (t) => analyze(t), onProgress: () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - base)) });
    await src.close();
    expect(r.messages).toBe(20_000);
    expect(r.findings).toBe(g.planted);
    expect(maxOpen).toBe(1);
    expect(maxBytes).toBeLessThan(64 * 1024);
    expect(peakHeap).toBeLessThan(200 * 1024 * 1024);
  });
});
