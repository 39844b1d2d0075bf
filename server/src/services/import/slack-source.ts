/**
 * Reading a Slack export, zip or unpacked folder, one file at a time: the file list comes from
 * the zip's central directory (or a directory walk); each file is read on demand into one bounded
 * buffer. Nothing is ever written to disk, so an entry's path cannot reach outside a target —
 * and unsafe entry paths (`../`, absolute, backslashes) are skipped and reported all the same.
 *
 * Zip bombs: an entry whose declared size is over {@link SourceLimits.maxEntryBytes}, or whose
 * declared compression ratio is over {@link SourceLimits.maxRatio}, is skipped with a warning; the
 * bytes actually inflated are counted and a stream that exceeds its declared size (yauzl's
 * `validateEntrySizes`) or the limit is aborted. A truncated or corrupt zip fails to open with
 * {@link ExportError}.
 */
import { createHash } from 'node:crypto';
import { lstat, open as openFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Limits on what is read from an export; sizes in bytes. */
export interface SourceLimits {
  /** Largest single file read (a day file, users.json); default 64 MiB. */
  maxEntryBytes: number;
  /** Largest uncompressed/compressed ratio of a zip entry over 1 MiB; default 200. */
  maxRatio: number;
  /** Most entries in a zip or files in a folder; default 1,000,000. */
  maxEntries: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxEntryBytes: 64 * 1024 * 1024, maxRatio: 200, maxEntries: 1_000_000 };

/** An export that cannot be read at all (truncated zip, missing folder): exit 2 with this message. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** A readable Slack export. Paths are relative, `/`-separated, validated. */
export interface ExportSource {
  /** Stable identity of the export (for resumable imports): SHA-256 over the file list and sizes. */
  readonly id: string;
  /** Safe regular files, sorted. */
  readonly files: readonly string[];
  /** Problems found while listing (skipped entries), for the report; never file contents. */
  readonly warnings: readonly string[];
  /** Reads one file whole (bounded by `maxEntryBytes`); throws {@link ExportError}. */
  read(path: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Why a zip entry path is unsafe, or `undefined` when it is a plain relative path. */
export function unsafePathReason(name: string): string | undefined {
  if (name.includes('\\')) return 'backslash in path';
  if (name.includes('\0')) return 'NUL in path';
  if (/^[a-zA-Z]:/u.test(name) || name.startsWith('/')) return 'absolute path';
  if (name.split('/').includes('..')) return 'path traversal (..)';
  return undefined;
}

/** Opens a `.zip` file or a folder. Throws {@link ExportError} when it cannot be read. */
export async function openExport(path: string, limits: Partial<SourceLimits> = {}): Promise<ExportSource> {
  const l = { ...DEFAULT_SOURCE_LIMITS, ...limits };
  let st;
  try {
    st = await lstat(path);
  } catch {
    throw new ExportError(`cannot read ${path}: no such file or folder`);
  }
  if (st.isDirectory()) return openFolder(path, l);
  if (st.isFile()) return openZip(path, l);
  throw new ExportError(`${path} is neither a folder nor a zip file`);
}

function exportId(entries: Array<[string, number]>): string {
  const h = createHash('sha256');
  for (const [name, size] of entries) h.update(`${name}\0${size}\n`);
  return h.digest('hex').slice(0, 32);
}

async function readBounded(stream: Readable, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    const b = c as Buffer;
    n += b.length;
    if (n > max) {
      stream.destroy();
      throw new ExportError(`${what}: larger than the ${max}-byte limit (skipped)`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks, n);
}

async function openFolder(root: string, l: SourceLimits): Promise<ExportSource> {
  const files: Array<[string, number]> = [];
  const warnings: string[] = [];
  async function walk(rel: string, depth: number): Promise<void> {
    if (depth > 3) return;
    for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await walk(r, depth + 1);
      else if (d.isFile()) {
        if (files.length >= l.maxEntries) throw new ExportError(`more than ${l.maxEntries} files in the export`);
        files.push([r, (await lstat(join(root, r))).size]);
      } else warnings.push(`skipped ${JSON.stringify(r)}: not a regular file`);
    }
  }
  await walk('', 0);
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const known = new Set(files.map((f) => f[0]));
  return {
    id: exportId(files),
    files: files.map((f) => f[0]),
    warnings,
    async read(path) {
      if (!known.has(path)) throw new ExportError(`${path}: not in the export`);
      const fh = await openFile(join(root, path), 'r');
      try {
        return await readBounded(fh.createReadStream({ autoClose: false }), l.maxEntryBytes, path);
      } finally {
        await fh.close();
      }
    },
    async close() {},
  };
}

function openZipFile(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err) reject(new ExportError(`${path}: not a readable zip (${err.message}); is it truncated?`));
      else resolve(zip);
    });
  });
}

async function openZip(path: string, l: SourceLimits): Promise<ExportSource> {
  const zip = await openZipFile(path);
  const entries = new Map<string, yauzl.Entry>();
  const warnings: string[] = [];
  const decoder = new TextDecoder('utf-8');
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        const raw = e.fileName as unknown;
        const name = Buffer.isBuffer(raw) ? decoder.decode(raw) : String(raw);
        const unsafe = unsafePathReason(name);
        if (unsafe) warnings.push(`skipped zip entry ${JSON.stringify(name)}: ${unsafe}`);
        else if (!name.endsWith('/')) {
          if (entries.size >= l.maxEntries) return reject(new ExportError(`more than ${l.maxEntries} entries in the zip`));
          if (e.uncompressedSize > l.maxEntryBytes) warnings.push(`skipped zip entry ${JSON.stringify(name)}: ${e.uncompressedSize} bytes uncompressed, over the ${l.maxEntryBytes}-byte limit`);
          else if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize > l.maxRatio * Math.max(1, e.compressedSize)) {
            warnings.push(`skipped zip entry ${JSON.stringify(name)}: compression ratio over ${l.maxRatio}:1 (zip bomb?)`);
          } else entries.set(name.normalize('NFC'), e);
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(new ExportError(`${path}: corrupt zip (${err.message})`)));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  const names = [...entries.keys()].sort();
  return {
    id: exportId(names.map((n) => [n, (entries.get(n) as yauzl.Entry).uncompressedSize])),
    files: names,
    warnings,
    async read(name) {
      const e = entries.get(name);
      if (!e) throw new ExportError(`${name}: not in the export`);
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(e);
      } catch (err) {
        throw new ExportError(`${name}: unreadable zip entry (${err instanceof Error ? err.message : String(err)})`);
      }
      try {
        return await readBounded(stream, Math.min(l.maxEntryBytes, e.uncompressedSize), name);
      } catch (err) {
        if (err instanceof ExportError) throw err;
        throw new ExportError(`${name}: unreadable zip entry (${err instanceof Error ? err.message : String(err)})`);
      }
    },
    async close() {
      zip.close();
    },
  };
}
