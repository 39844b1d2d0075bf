/**
 * `bin/enclave pdq FILE…` end to end: spawns the real CLI on images generated in the test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 60_000 });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'enclave-pdq-'));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/enclave', 'pdq', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('enclave pdq FILE…', () => {
  it('prints "<64 hex> <quality> <file>" per image in order; exit 0', async () => {
    const flat = join(tmp, 'flat.png');
    await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(flat);
    const edge = join(tmp, 'edge with space.png');
    const px = new Uint8Array(64 * 64);
    for (let y = 0; y < 64; y++) for (let x = 32; x < 64; x++) px[y * 64 + x] = 200;
    await sharp(px, { raw: { width: 64, height: 64, channels: 1 } }).png().toFile(edge);
    const r = await cli([flat, edge]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // a flat image has quality 0; one 0→200 step edge across 64 rows: ⌊64·78/90⌋ = 55 (PDQ quality metric)
    expect(lines[0]).toMatch(new RegExp(`^[0-9a-f]{64} 0 ${flat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(lines[1]).toMatch(new RegExp(`^[0-9a-f]{64} 55 ${edge.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('names unreadable and undecodable files on stderr, still hashes the rest; exit 2', async () => {
    const bad = join(tmp, 'bad.jpg');
    writeFileSync(bad, 'this is not a JPEG');
    const good = join(tmp, 'good.png');
    await sharp({ create: { width: 20, height: 20, channels: 3, background: '#336699' } }).png().toFile(good);
    const r = await cli([join(tmp, 'missing.png'), bad, good]);
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain(good);
    expect(r.stderr).toContain(`${join(tmp, 'missing.png')}: cannot read (ENOENT)`);
    expect(r.stderr).toContain(`${bad}: unsupported_image`);
  });

  it('exit 2 with usage when no file is given', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: enclave pdq FILE');
  });
});
