/**
 * Crash safety on SQLite: a real `bin/enclave serve` process under heavy writes (messages with
 * personal data, so vault writes too, and reveals, so audit appends) is killed with SIGKILL; after
 * a restart every acknowledged message is there, every acknowledged reveal has its audit event,
 * and `bin/enclave audit verify` exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, cli, clusterEnv, startNode, type TestNode } from '../server/src/test/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'enclave-crash-'));
const nodes: TestNode[] = [];
afterAll(async () => {
  for (const n of nodes) await n.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function api<T>(node: TestNode, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(node.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('kill -9 during heavy writes (SQLite)', () => {
  it('keeps every acknowledged message and audit event; audit verify exits 0 after the restart', async () => {
    // SQLite even when the run has a DATABASE_URL (scripts/with-postgres.sh): an empty one selects SQLite
    const env = clusterEnv(dir, { DATABASE_URL: '', ENCLAVE_MESSAGE_RATE: '1000000', ENCLAVE_REVEAL_RATE: '1000000' });
    const a = addUser(env, 'crash.alice@example.com', 'Crash Alice', 'agent', true);
    const b = addUser(env, 'crash.bob@example.com', 'Crash Bob');
    const node = await startNode(env);
    nodes.push(node);
    const ch = await api<{ id: string }>(node, a.apiToken, 'POST', '/api/v1/channels', { name: 'crash-room', visibility: 'private' });
    expect((await api(node, a.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/members`, { userId: b.id })).status).toBe(204);
    const seed = await api<{ message: { entities: Array<{ token: string }> } }>(node, a.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/messages`, { text: 'reach the reporter at crash.subject@example.com' });
    const token = seed.body.message.entities[0]?.token as string;
    expect(token).toBeTruthy();

    const acked: string[] = [];
    let reveals = 0;
    let stop = false;
    const poster = async (w: number) => {
      for (let i = 0; !stop; i += 1) {
        try {
          const r = await api<{ message: { id: string } }>(node, a.apiToken, 'POST', `/api/v1/channels/${ch.body.id}/messages`, { text: `worker ${w} note ${i} for crash.subject${i}@example.com` });
          if (r.status === 201) acked.push(r.body.message.id);
        } catch {
          return; // the process is gone
        }
      }
    };
    const revealer = async () => {
      while (!stop) {
        try {
          const r = await api(node, b.apiToken, 'POST', '/api/v1/reveal', { token, justification: 'checking the reporter contact' });
          if (r.status === 200) reveals += 1;
        } catch {
          return;
        }
      }
    };
    const load = [...Array.from({ length: 8 }, (_, w) => poster(w)), revealer(), revealer()];
    const deadline = Date.now() + 20_000;
    while (acked.length < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await node.stop('SIGKILL');
    stop = true;
    await Promise.all(load);
    expect(acked.length).toBeGreaterThanOrEqual(50);
    expect(reveals).toBeGreaterThan(0);

    const again = await startNode(env);
    nodes.push(again);
    for (const id of acked) {
      const r = await api<{ message: { id: string } }>(again, a.apiToken, 'GET', `/api/v1/messages/${id}`);
      expect(r.status, id).toBe(200);
    }
    const db = new Database(join(env.ENCLAVE_DATA_DIR as string, 'enclave.sqlite'), { readonly: true });
    try {
      const granted = db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'reveal' AND outcome = 'success'").get() as { n: number };
      expect(granted.n).toBeGreaterThanOrEqual(reveals);
    } finally {
      db.close();
    }
    await again.stop('SIGTERM');
    const verify = cli(['audit', 'verify'], env);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 180_000);
});
