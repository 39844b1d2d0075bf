/**
 * Where key files live by default, and the refusal to use one inside a git working tree.
 *
 * Default key folder: `$XDG_CONFIG_HOME/enclave/<data dir name>-<hash>/` (XDG Base Directory
 * Specification; `$XDG_CONFIG_HOME` defaults to `~/.config`), created with mode 0700 when a key is
 * first written. `<hash>` is the first 16 hex digits of SHA-256 of the data folder's absolute
 * path, so two data folders never share keys. The folder is outside any repository, so neither
 * `git add -A` nor a copy of the working tree carries the vault master key with it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors.ts';

/**
 * The XDG config home: `XDG_CONFIG_HOME` when it is an absolute path, else `$HOME/.config`. A
 * partial `env` map that names neither (e.g. `loadConfig({ ENCLAVE_DATA_DIR })` in a test) falls
 * back to the process's own `XDG_CONFIG_HOME`, then its home folder — where the user's config
 * home really is, and what a test runner's temporary `XDG_CONFIG_HOME` redirects.
 */
export function configHome(env: NodeJS.ProcessEnv): string {
  const named = env.XDG_CONFIG_HOME !== undefined || env.HOME !== undefined;
  const xdg = named ? env.XDG_CONFIG_HOME : process.env.XDG_CONFIG_HOME;
  // The spec says relative values are invalid and must be ignored.
  if (xdg && xdg.startsWith('/')) return xdg;
  return join((named ? env.HOME : process.env.HOME) || homedir(), '.config');
}

/** Default key folder of the data folder `dataDir` (absolute): `<config home>/enclave/<name>-<16 hex>`. */
export function defaultKeyDir(dataDir: string, env: NodeJS.ProcessEnv): string {
  const abs = resolve(dataDir);
  const hash = createHash('sha256').update(abs, 'utf8').digest('hex').slice(0, 16);
  const name = basename(abs).replace(/[^A-Za-z0-9._-]/g, '_') || 'data';
  return join(configHome(env), 'enclave', `${name}-${hash}`);
}

/** Where versions before the XDG default put the master key: beside the data folder. */
export function legacyMasterKeyFile(dataDir: string): string {
  const abs = resolve(dataDir);
  return join(dirname(abs), `${basename(abs) || 'data'}-master.key`);
}

/**
 * The git working tree containing `path` (the nearest ancestor folder with a `.git` entry — a
 * folder, or a file in linked worktrees and submodules), or `undefined`. Checks `path`'s folder
 * and every parent up to the root; `path` itself need not exist.
 */
export function gitWorkTreeOf(path: string): string | undefined {
  let dir = dirname(resolve(path));
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Thrown when a key file would be read from or written into a git working tree. */
export class KeyLocationError extends ConfigError {
  override name = 'KeyLocationError';
}

/**
 * Throws {@link KeyLocationError} when `file` (a key file, existing or about to be created) sits
 * inside a git working tree; `what` names it in the message (e.g. "vault master key file") and
 * `envName` is the variable that moves it.
 */
export function assertOutsideGitWorkTree(file: string, what: string, envName: string): void {
  const tree = gitWorkTreeOf(file);
  if (tree === undefined) return;
  throw new KeyLocationError(
    `refusing to use the ${what} ${file}: it is inside the git working tree ${tree}, where it could be committed. ` +
      `Move it outside (the default is ${join('$XDG_CONFIG_HOME', 'enclave')}/…, i.e. ~/.config/enclave/…) or set ${envName} to a path outside any repository`,
  );
}
