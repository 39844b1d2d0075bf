/**
 * `enclave intake send --integration ID --secret-stdin FILE`: reads the integration's secret from
 * stdin, signs FILE's bytes (`X-Enclave-Signature: t=<now>,v1=<HMAC-SHA256 of "t.body">`) and
 * posts them to `$ENCLAVE_URL/api/v1/intake/reports` (default http://127.0.0.1:8080). Prints the
 * answer's JSON body; exit 0 on 2xx, 1 on another status, 2 on usage or I/O errors.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { signatureHeader } from '../services/cases/integrations.ts';

const USAGE = 'usage: enclave intake send --integration ID --secret-stdin FILE\n';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { integration: { type: 'string' }, 'secret-stdin': { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`enclave intake: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (sub !== 'send' || !values.integration || !values['secret-stdin'] || !file || positionals.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  let body: Buffer;
  let secret: string;
  try {
    body = await readFile(file);
    secret = await readStdin();
  } catch (err) {
    process.stderr.write(`enclave intake send: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (secret === '') {
    process.stderr.write('enclave intake send: no secret on stdin\n');
    return 2;
  }
  const base = (process.env.ENCLAVE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/api/v1/intake/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-enclave-integration': values.integration,
        'x-enclave-signature': signatureHeader(secret, Math.floor(Date.now() / 1000), body),
      },
      body,
    });
    const text = await res.text();
    process.stdout.write(`${text.trim()}\n`);
    return res.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`enclave intake send: cannot reach ${base}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
