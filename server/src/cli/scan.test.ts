/**
 * `bin/enclave scan` end to end: spawns the real CLI from the repository root with fake data
 * (example.com addresses) on stdin and in temp files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { maskValue } from './scan.ts';

// Each test spawns the CLI (tsx start-up ≈ 1–4 s on a loaded machine).
vi.setConfig({ testTimeout: 60_000 });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'enclave-scan-'));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function scan(args: string[], stdin = ''): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/enclave', 'scan', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function file(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const EMAIL = 'jane.roe@example.com';

describe('maskValue', () => {
  it('keeps the last two code points of values of 6+ code points, masks short values fully', () => {
    expect(maskValue(EMAIL)).toBe(`${'▪'.repeat(EMAIL.length - 2)}om`);
    expect(maskValue('12345')).toBe('▪▪▪▪▪');
    expect(maskValue('ab😀cd😀')).toBe('▪▪▪▪d😀');
  });
});

describe('enclave scan (human output)', () => {
  it('reports file:line:col, type, score, recognizer and a masked value; exit 1 when found', async () => {
    const f = file('one.txt', `first line\nplease write to ${EMAIL} today\n`);
    const r = await scan([f]);
    expect(r.code).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.includes('EMAIL_ADDRESS'));
    expect(line).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:17  EMAIL_ADDRESS  \\d\\.\\d\\d  \\S+  "▪+om"$`));
    expect(r.stdout).not.toContain(EMAIL);
    expect(r.stdout).not.toContain('jane');
  });

  it('prints values in clear with --show-values', async () => {
    const r = await scan(['--show-values', file('two.txt', `mail ${EMAIL}`)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`EMAIL_ADDRESS`);
    expect(r.stdout).toContain(`"${EMAIL}"`);
  });

  it('reads stdin when no file is given; exit 0 and no output when nothing is found', async () => {
    const r = await scan([], 'the build is green, see you tomorrow\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const r2 = await scan(['-'], `contact ${EMAIL}\n`);
    expect(r2.code).toBe(1);
    expect(r2.stdout.startsWith('<stdin>:1:9  EMAIL_ADDRESS')).toBe(true);
  });

  it('exit 2 on an unreadable file, after still scanning the readable ones', async () => {
    const good = file('good.txt', `mail ${EMAIL}`);
    const r = await scan([join(tmp, 'does-not-exist.txt'), good]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read');
    expect(r.stderr).toContain('ENOENT');
    expect(r.stdout).toContain('EMAIL_ADDRESS');
    const dir = await scan([tmp]);
    expect(dir.code).toBe(2);
  });

  it('exit 2 on a usage error', async () => {
    const r = await scan(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});

describe('enclave scan --jsonl', () => {
  it('writes one {id, findings} line per input with UTF-16 end-exclusive offsets; exit 0 even when found', async () => {
    const text = `😀 mail ${EMAIL}`;
    const input = [
      JSON.stringify({ id: 'a1', text }),
      JSON.stringify({ id: 7, text: 'nothing personal in here' }),
      '',
      JSON.stringify({ id: 'c3', text: '' }),
    ].join('\n');
    const r = await scan(['--jsonl'], `${input}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: unknown; findings: Array<Record<string, unknown>> });
    expect(lines.map((l) => l.id)).toEqual(['a1', 7, 'c3']);
    const email = lines[0]?.findings.find((f) => f.entityType === 'EMAIL_ADDRESS');
    expect(email).toBeDefined();
    expect(email?.start).toBe(8); // the emoji is two UTF-16 code units
    expect(email?.end).toBe(8 + EMAIL.length);
    expect(text.slice(Number(email?.start), Number(email?.end))).toBe(EMAIL);
    for (const f of lines.flatMap((l) => l.findings)) {
      expect(Object.keys(f).sort()).toEqual(
        expect.arrayContaining(['end', 'entityType', 'recognizer', 'score', 'start']),
      );
      expect(Object.keys(f).every((k) => ['entityType', 'start', 'end', 'score', 'recognizer', 'subjectId'].includes(k))).toBe(true);
      expect(typeof f.score).toBe('number');
    }
    expect(lines[1]?.findings).toEqual([]);
    expect(lines[2]?.findings).toEqual([]);
    expect(r.stdout).not.toContain(EMAIL);
  });

  it('reports a malformed line with its line number (not its content), continues, exit 2', async () => {
    const input = [
      JSON.stringify({ id: 'ok1', text: `mail ${EMAIL}` }),
      '{"id": "broken", "text": "secret jane.roe@example.com"',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify({ id: 'ok2', text: 'fine' }),
    ].join('\n');
    const r = await scan(['--jsonl'], input);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:2: malformed/);
    expect(r.stderr).toMatch(/<stdin>:3: malformed/);
    expect(r.stderr).not.toContain('jane.roe');
    const ids = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(['ok1', 'ok2']);
  });

  it('reads JSONL files, exit 2 when one is unreadable', async () => {
    const f = file('in.jsonl', `${JSON.stringify({ id: 'f1', text: `mail ${EMAIL}` })}\n`);
    const ok = await scan(['--jsonl', f]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ id: 'f1' });
    const bad = await scan(['--jsonl', f, join(tmp, 'missing.jsonl')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read');
    expect(bad.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('streams: answers a line before stdin is closed', async () => {
    const child = spawn(process.execPath, ['bin/enclave', 'scan', '--jsonl'], { cwd: ROOT });
    let stdout = '';
    const first = new Promise<void>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        if (stdout.includes('\n')) done();
      });
    });
    child.stdin.write(`${JSON.stringify({ id: 's1', text: `mail ${EMAIL}` })}\n`);
    await first; // stdin still open here
    expect(JSON.parse(stdout.split('\n')[0] ?? '')).toMatchObject({ id: 's1' });
    child.stdin.end(`${JSON.stringify({ id: 's2', text: 'x' })}\n`);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});
