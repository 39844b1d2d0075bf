/**
 * Where file bytes live: a small object-store interface (an S3-compatible store can implement it
 * later) and its default, a folder under the data folder. Objects are written already encrypted
 * (see `file-crypto.ts`); the store never sees plaintext.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Keys are `[a-z0-9-]` strings of at most 100 characters (no paths). */
export interface ObjectStore {
  /** Stores `data` under `key` atomically (readers see the whole object or none). */
  put(key: string, data: Buffer): Promise<void>;
  /** The object's bytes; throws `ObjectNotFoundError` when absent. */
  get(key: string): Promise<Buffer>;
  /** Removes the object; no error when absent. */
  delete(key: string): Promise<void>;
}

/** `get` of a key that does not exist. */
export class ObjectNotFoundError extends Error {
  override name = 'ObjectNotFoundError';
}

const KEY = /^[a-z0-9-]{1,100}$/;

/** A new random object key. */
export function newObjectKey(): string {
  return randomBytes(16).toString('hex');
}

/** Objects as files (mode 0600) in `dir` (created mode 0700), written to a temp name then renamed. */
export class FsObjectStore implements ObjectStore {
  constructor(readonly dir: string) {}

  #path(key: string): string {
    if (!KEY.test(key)) throw new RangeError('object key must be 1-100 characters [a-z0-9-]');
    return join(this.dir, key);
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.#path(key);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, data, { mode: 0o600 });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.#path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError('no such object');
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
