import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from '../services/audit/index.ts';
import { LocalKms, createVaultFromConfig, loadMasterKeys, writeKeyFile } from '../services/vault/index.ts';
import { KeyLocationError, gitWorkTreeOf, loadConfig } from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/enclave');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('default key locations (issue 7 item 6)', () => {
  it('are in $XDG_CONFIG_HOME/enclave/<data dir name>-<16 hex of the absolute path>/, not beside the data folder', () => {
    const xdg = join(dir, 'xdg');
    const c = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'repo', 'data'), XDG_CONFIG_HOME: xdg });
    expect(c.masterKeyFile).toMatch(new RegExp(`^${xdg}/enclave/data-[0-9a-f]{16}/master\\.key$`));
    expect(c.auditSigningKeyFile).toBe(join(dirname(c.masterKeyFile), 'master-audit-signing.pem'));
    expect(c.masterKeyFile.startsWith(join(dir, 'repo'))).toBe(false);
    // Another data folder with the same name gets another key folder.
    const other = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'elsewhere', 'data'), XDG_CONFIG_HOME: xdg });
    expect(dirname(other.masterKeyFile)).not.toBe(dirname(c.masterKeyFile));
    // Without XDG_CONFIG_HOME (or with a relative one, which the spec says to ignore): ~/.config.
    const home = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), HOME: join(dir, 'home'), XDG_CONFIG_HOME: 'relative' });
    expect(home.masterKeyFile.startsWith(`${join(dir, 'home', '.config', 'enclave')}/data-`)).toBe(true);
    // A partial env naming neither: the process's XDG_CONFIG_HOME (the suite's temporary one), never the real home.
    const partial = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data') });
    expect(process.env.XDG_CONFIG_HOME).toMatch(/enclave-test-config-/);
    expect(partial.masterKeyFile.startsWith(`${join(process.env.XDG_CONFIG_HOME ?? '-', 'enclave')}/data-`)).toBe(true);
  });

  it('explicit ENCLAVE_MASTER_KEY_FILE and ENCLAVE_AUDIT_SIGNING_KEY_FILE keep working', () => {
    const c = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_MASTER_KEY_FILE: join(dir, 'k', 'm.key') });
    expect(c.masterKeyFile).toBe(join(dir, 'k', 'm.key'));
    expect(c.auditSigningKeyFile).toBe(join(dir, 'k', 'm-audit-signing.pem'));
    expect(c.legacyMasterKeyFile).toBeUndefined();
    const s = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_AUDIT_SIGNING_KEY_FILE: join(dir, 's.pem'), XDG_CONFIG_HOME: dir });
    expect(s.auditSigningKeyFile).toBe(join(dir, 's.pem'));
  });

  it('the key folder is created with mode 0700 and the key files with 0600', () => {
    const xdg = join(dir, 'xdg');
    const c = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), XDG_CONFIG_HOME: xdg });
    createVaultFromConfig(c);
    loadOrCreateSigningKey(c.auditSigningKeyFile);
    expect(mode(join(xdg, 'enclave'))).toBe(0o700);
    expect(mode(dirname(c.masterKeyFile))).toBe(0o700);
    expect(mode(c.masterKeyFile)).toBe(0o600);
    expect(mode(c.auditSigningKeyFile)).toBe(0o600);
  });

  it('a key left at the old default (beside the data folder) is not silently replaced by a new key', () => {
    const c = loadConfig({ ENCLAVE_DATA_DIR: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'xdg') });
    expect(c.legacyMasterKeyFile).toBe(join(dir, 'data-master.key'));
    writeKeyFile(join(dir, 'data-master.key'), LocalKms.generate());
    expect(() => createVaultFromConfig(c)).toThrow(/old default location .*data-master\.key.*refusing to create a new key/);
    expect(existsSync(c.masterKeyFile)).toBe(false);
  });
});

describe('key files inside a git working tree are refused', () => {
  it('finds the working tree through a .git folder or a .git file (linked worktree)', () => {
    mkdirSync(join(dir, 'repo', '.git', 'objects'), { recursive: true });
    expect(gitWorkTreeOf(join(dir, 'repo', 'a', 'b', 'x.key'))).toBe(join(dir, 'repo'));
    mkdirSync(join(dir, 'wt'), { recursive: true });
    writeFileSync(join(dir, 'wt', '.git'), 'gitdir: /elsewhere/.git/worktrees/wt\n');
    expect(gitWorkTreeOf(join(dir, 'wt', 'x.key'))).toBe(join(dir, 'wt'));
    expect(gitWorkTreeOf(join(dir, 'plain', 'x.key'))).toBeUndefined();
  });

  it('master key and signing key: neither created nor read inside a repository', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    const masterKeyFile = join(dir, 'repo', 'data-master.key');
    expect(() => loadMasterKeys({ masterKeyFile })).toThrow(KeyLocationError);
    expect(existsSync(masterKeyFile)).toBe(false);
    rmSync(join(dir, 'repo', '.git'), { recursive: true });
    writeKeyFile(masterKeyFile, LocalKms.generate());
    mkdirSync(join(dir, 'repo', '.git'));
    expect(() => loadMasterKeys({ masterKeyFile })).toThrow(/inside the git working tree/);
    const pem = join(dir, 'repo', 'sub', 'audit-signing.pem');
    expect(() => loadOrCreateSigningKey(pem)).toThrow(KeyLocationError);
    expect(existsSync(pem)).toBe(false);
  });

  it('`enclave serve` exits 2 with a clear message when the key file is in a working tree', () => {
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    const r = spawnSync(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, ENCLAVE_DATA_DIR: join(dir, 'data'), ENCLAVE_MASTER_KEY_FILE: join(dir, 'repo', 'master.key'), ENCLAVE_MASTER_KEY: '', PORT: '0', LOG_LEVEL: 'silent', ENCLAVE_WEB_DIR: join(dir, 'no-web') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/enclave serve: refusing to use the vault master key file .*master\.key: it is inside the git working tree/);
    expect(existsSync(join(dir, 'repo', 'master.key'))).toBe(false);
  }, 60_000);

  it('.gitignore ignores *.key and *.pem', () => {
    for (const f of ['data-master.key', 'data-master-audit-signing.pem', 'x/y.key', 'data-master.key.old']) {
      const r = spawnSync('git', ['check-ignore', '-q', '--no-index', f], { cwd: ROOT });
      expect(r.status, f).toBe(0);
    }
  });
});
