/**
 * Several nodes starting together on one key folder (a defect the cluster tests found: with
 * `open(O_EXCL)` then `write`, a second node read the first one's still empty file and exited with
 * "is not a PEM private key"). Real processes race on the real file system: each is loaded first,
 * then all spin on a start file and create (or load) the signing key and the master key at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'enclave-key-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIGNING = resolve(import.meta.dirname, 'signing-key.ts');
const KMS = resolve(import.meta.dirname, '../vault/kms.ts');
const PROCESSES = 4;
const ROUNDS = 25;

const script = `
const { loadOrCreateSigningKey } = await import(${JSON.stringify(SIGNING)});
const { writeKeyFile, readKeyFile, LocalKms } = await import(${JSON.stringify(KMS)});
const { existsSync, mkdirSync } = await import('node:fs');
const { join } = await import('node:path');
const dir = ${JSON.stringify(dir)};
console.log('ready');
for (let r = 0; r < ${ROUNDS}; r++) {
  const round = join(dir, 'round-' + r);
  while (!existsSync(join(dir, 'go-' + r)));
  try {
    mkdirSync(round, { recursive: true, mode: 0o700 });
    const k = loadOrCreateSigningKey(join(round, 'master-audit-signing.pem'));
    try { writeKeyFile(join(round, 'master.key'), LocalKms.generate(), 'wx'); } catch (e) { if (e.code !== 'EEXIST') throw e; }
    const m = readKeyFile(join(round, 'master.key'));
    console.log(r + ' ok ' + k.publicKeyBase64 + ' ' + m.exportBase64().length);
  } catch (e) {
    console.log(r + ' failed ' + e.message);
  }
}
`;

describe('key files created by processes starting together', () => {
  it(`every process gets the same complete signing key and master key (${ROUNDS} races of ${PROCESSES}); no temp file is left`, async () => {
    const outputs: string[][] = Array.from({ length: PROCESSES }, () => []);
    const exited = Array.from({ length: PROCESSES }, (_, k) => new Promise<void>((res) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      p.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        (outputs[k] as string[]).push(...lines);
      });
      p.on('exit', () => res());
    }));
    const until = async (pred: () => boolean): Promise<void> => {
      const deadline = Date.now() + 60_000;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(outputs)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => outputs.every((o) => o.includes('ready')));
    for (let r = 0; r < ROUNDS; r++) {
      writeFileSync(join(dir, `go-${r}`), '');
      await until(() => outputs.every((o) => o.some((l) => l.startsWith(`${r} `))));
    }
    await Promise.all(exited);
    for (let r = 0; r < ROUNDS; r++) {
      const lines = outputs.map((o) => o.find((l) => l.startsWith(`${r} `)) ?? '');
      expect(lines.filter((l) => !l.startsWith(`${r} ok `)), `round ${r}`).toEqual([]);
      expect(new Set(lines).size, `round ${r}`).toBe(1);
      expect(readdirSync(join(dir, `round-${r}`)).sort()).toEqual(['master-audit-signing.pem', 'master-audit-signing.pin', 'master.key']);
    }
    expect(existsSync(join(dir, 'go-0'))).toBe(true);
  }, 120_000);
});
