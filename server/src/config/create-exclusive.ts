/**
 * Creating a small private file (a key, a pin) exactly once when several processes may race to
 * create it — several nodes starting together on one key folder.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Creates `file` with `data` and mode 0600, complete or not at all: the bytes go to a temp file
 * in the same folder first, which is then hard-linked to `file` (`link(2)` fails with `EEXIST`
 * when `file` exists, and no reader can ever see it half-written — unlike `open(O_EXCL)` then
 * `write`, where a second node read an empty key file). The temp file is always removed.
 * Throws the `EEXIST` error (`code === 'EEXIST'`) when `file` already exists, and any other
 * file-system error as is. The folder must exist.
 */
export function createFileExclusive(file: string, data: string): void {
  const tmp = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
