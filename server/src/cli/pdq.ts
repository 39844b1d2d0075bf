/**
 * `enclave pdq FILE…` → one line per image: `<64 hex digits PDQ hash> <quality 0-100> <file>`
 * (PRODUCT.md). Images are decoded as the upload pipeline does (EXIF orientation applied, pixel
 * limit). A file that cannot be read or decoded is named on stderr with the reason; the others are
 * still hashed. Exit 0 when every file was hashed, 2 on usage errors or when any file failed.
 */
import { readFile } from 'node:fs/promises';
import { ImageDecodeError, pdqHash } from '@enclave/pdq';

const USAGE = 'usage: enclave pdq FILE...\n';

/** Streams the command writes to (tests pass their own). */
export interface PdqIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** Hashes each file in `files`, in order; returns the exit code. */
export async function hashFiles(files: string[], io: PdqIo = process): Promise<number> {
  let failed = false;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'read_error';
      io.stderr.write(`enclave pdq: ${file}: cannot read (${code})\n`);
      failed = true;
      continue;
    }
    try {
      const { hash, quality } = await pdqHash(bytes);
      io.stdout.write(`${hash} ${quality} ${file}\n`);
    } catch (err) {
      if (!(err instanceof ImageDecodeError)) throw err;
      io.stderr.write(`enclave pdq: ${file}: ${err.code} (${err.message})\n`);
      failed = true;
    }
  }
  return failed ? 2 : 0;
}

export async function run(args: string[]): Promise<number> {
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stderr.write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const files = args[0] === '--' ? args.slice(1) : args;
  if (args[0] !== '--' && files.some((f) => f.startsWith('-'))) {
    process.stderr.write(`enclave pdq: unknown option\n${USAGE}`);
    return 2;
  }
  return hashFiles(files);
}
