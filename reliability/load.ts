/**
 * Load harness of the cluster reliability tests: seeds accounts, API tokens, channels and
 * memberships in bulk through the server's own services (one process, transactions of 250 — the
 * CLI would take one process per account), then drives real stream sockets and real HTTP posts
 * against real `bin/enclave serve` nodes and checks what each socket received.
 *
 * Client `i` is a member of channel `i % channels`, streams from node `⌊i / channels⌋ % nodes` (so
 * every channel has members on every node), and posts
 * `ratePerClient` messages a second (evenly spaced, random phase) to the node it streams from.
 * When its socket closes (its node was killed) it reconnects to another node with
 * `?since=<last seq it saw>` and posts there from then on. Every post carries a unique
 * `clientMsgId` (`<prefix><client>-<n>`), which is how deliveries are matched to posts.
 */
import { loadConfig } from '../server/src/config/index.ts';
import { buildContext } from '../server/src/context.ts';
import { createApiToken } from '../server/src/services/auth/api-tokens.ts';
import { addMember, createChannel } from '../server/src/services/chat/channels.ts';
import { createUser } from '../server/src/services/users/users.ts';
import WebSocket from 'ws';
import { http, sleep } from '../bench/chat/client-lib.ts';

/** A seeded account. */
export interface LoadUser {
  id: string;
  token: string;
}

/** What {@link seed} made: `users[i]` belongs to `channels[i % channels.length]`. */
export interface Seeded {
  users: LoadUser[];
  channels: string[];
}

/**
 * Creates `clients` agents with 30-day API tokens and `channels` private channels (client `i` in
 * channel `i % channels`) through the server's services, with the nodes' environment `env`
 * (so the same database, master key and migrations). Run it before the nodes start. `prefix`
 * makes the e-mails (`<prefix>-<i>@example.com`) and channel names unique per call.
 */
export async function seed(env: Record<string, string>, clients: number, channels: number, prefix = 'load'): Promise<Seeded> {
  const ctx = await buildContext(loadConfig({ ...process.env, ...env, LOG_LEVEL: 'warn' }));
  try {
    const db = ctx.database.db;
    const users: LoadUser[] = [];
    while (users.length < clients) {
      const batch = Math.min(250, clients - users.length);
      const made = await db.transaction().execute(async (trx) => {
        const rows: LoadUser[] = [];
        for (let k = 0; k < batch; k++) {
          const i = users.length + k;
          const u = await createUser(trx, { email: `${prefix}-${i}@example.com`, name: `Load Agent ${i}`, role: 'agent', passwordHash: null, actor: 'test' });
          const t = await createApiToken(trx, { userId: u.id, name: 'load', expiresInDays: 30, actor: 'test' });
          rows.push({ id: u.id, token: t.token });
        }
        return rows;
      });
      users.push(...made);
    }
    const ids: string[] = [];
    for (let c = 0; c < channels; c++) {
      const members = users.filter((_, i) => i % channels === c);
      const owner = members[0];
      if (!owner) throw new Error('more channels than clients');
      const id = await db.transaction().execute(async (trx) => {
        const uow = { db: trx, events: [] };
        const caller = { id: owner.id, role: 'agent', name: `Load Agent ${c}` };
        const ch = await createChannel(uow, caller, { name: `${prefix}-${c}`, visibility: 'private' });
        for (const m of members.slice(1)) await addMember(uow, caller, ch.id, m.id);
        return ch.id;
      });
      ids.push(id);
    }
    return { users, channels: ids };
  } finally {
    await ctx.close();
  }
}

/** The first error-level log lines of each node (diagnostics for a failed run), or `''`. */
export function nodeErrors(nodes: Array<{ output(): string; proc: { exitCode: number | null; signalCode: string | null } }>): string {
  return nodes
    .map((n, k) => {
      const lines = n.output().split('\n').filter((l) => /"level":(50|60)/.test(l));
      const out = n.output();
      const crash = out.search(/\n\S*Error[:\s]|Error\.captureStackTrace/);
      const exited = n.proc.exitCode !== null || n.proc.signalCode !== null ? `[node ${k}] exited ${n.proc.exitCode ?? n.proc.signalCode}; ${crash >= 0 ? `crash: ${out.slice(crash, crash + 2500)}` : `output ends: ${out.slice(-1500)}`}\n` : '';
      return (lines.length ? `[node ${k}] ${lines.length} error lines, first: ${lines.slice(0, 3).join('\n')}\n` : '') + exited;
    })
    .join('');
}

/** One answered (or failed) POST: status 0 = transport error; ms from start to answer. */
export interface PostRecord {
  client: number;
  tag: string;
  status: number;
  ms: number;
  body: string;
  at: number;
}

interface Client {
  i: number;
  user: LoadUser;
  channel: string;
  node: number;
  ws: WebSocket | null;
  lastSeq: number;
  /** clientMsgIds of `message.created` frames, in arrival order. */
  got: string[];
  seqs: number[];
  reconnects: number;
}

/** Options of {@link LoadRun}. */
export interface LoadOptions {
  /** Base URLs of the nodes (`http://127.0.0.1:PORT`). */
  nodes: string[];
  seeded: Seeded;
  /** Per-request timeout, ms (default 30 s). */
  timeoutMs?: number;
  /** Prefix of this run's `clientMsgId`s (unique per run: a repeated id is an idempotent retry). */
  prefix: string;
}

/** Deliveries of a run, checked against its acknowledged posts. */
export interface LoadReport {
  sent: number;
  acked: number;
  statuses: Record<string, number>;
  expected: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  /** Channels whose members saw acknowledged messages in different orders. */
  orderMismatch: number;
  /** Delivery latency of acknowledged messages (frame arrival − POST start), ms. */
  p50: number;
  p99: number;
  /** Slowest request, ms. */
  slowest: number;
  reconnects: number;
  /** The first client that misses deliveries, described (diagnostics), or `''`. */
  firstMissing: string;
}

/** Drives the clients of {@link LoadOptions.seeded} against the nodes. */
export class LoadRun {
  readonly clients: Client[];
  readonly posts: PostRecord[] = [];
  /** Node indexes that are gone (clients reconnect elsewhere). */
  readonly dead = new Set<number>();
  readonly #sentAt = new Map<string, number>();
  readonly #latency = new Map<string, number[]>();
  readonly #o: LoadOptions;
  #stopping = false;

  constructor(opts: LoadOptions) {
    this.#o = opts;
    const { users, channels } = opts.seeded;
    this.clients = users.map((user, i) => ({ i, user, channel: channels[i % channels.length] as string, node: Math.floor(i / channels.length) % opts.nodes.length, ws: null, lastSeq: 0, got: [], seqs: [], reconnects: 0 }));
  }

  /** Opens every client's stream (50 handshakes at a time); resolves when all said hello. */
  async connect(): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.clients.length) await this.#open(this.clients[next++] as Client, undefined);
    };
    await Promise.all(Array.from({ length: 50 }, worker));
  }

  #open(c: Client, since: number | undefined): Promise<void> {
    const url = `${(this.#o.nodes[c.node] as string).replace(/^http/, 'ws')}/api/v1/stream${since === undefined ? '' : `?since=${since}`}`;
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${c.user.token}` }, perMessageDeflate: false });
      const timer = setTimeout(() => reject(new Error(`client ${c.i}: no hello within 30 s`)), 30_000);
      ws.on('message', (d: Buffer) => {
        const f = JSON.parse(d.toString('utf8')) as { type?: string; seq?: number; channelId?: string; message?: { clientMsgId?: string | null } };
        if (f.type === 'hello') {
          clearTimeout(timer);
          c.ws = ws;
          if (since === undefined && typeof f.seq === 'number') c.lastSeq = f.seq;
          resolve();
          return;
        }
        if (typeof f.seq === 'number') {
          c.seqs.push(f.seq);
          c.lastSeq = Math.max(c.lastSeq, f.seq);
        }
        const tag = f.message?.clientMsgId;
        if (f.type !== 'message.created' || !tag) return;
        c.got.push(tag);
        const t = this.#sentAt.get(tag);
        if (t !== undefined) {
          const list = this.#latency.get(tag) ?? [];
          list.push(performance.now() - t);
          this.#latency.set(tag, list);
        }
      });
      ws.on('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        reject(new Error(`client ${c.i}: upgrade refused with ${res.statusCode}`));
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        if (c.ws !== ws) reject(err);
      });
      ws.on('close', () => {
        if (c.ws !== ws || this.#stopping) return;
        c.ws = null;
        void this.#reconnect(c);
      });
    });
  }

  /** After a lost socket: another live node (or the same one again), `since` = last seq seen. */
  async #reconnect(c: Client): Promise<void> {
    for (let attempt = 0; !this.#stopping; attempt++) {
      if (this.dead.has(c.node) || attempt > 0) {
        const live = this.#o.nodes.map((_, k) => k).filter((k) => !this.dead.has(k));
        c.node = live[(c.i + attempt) % live.length] ?? c.node;
      }
      try {
        await this.#open(c, c.lastSeq);
        c.reconnects++;
        return;
      } catch {
        await sleep(250);
      }
    }
  }

  /**
   * Every client posts `ratePerClient` messages a second for `seconds` (open loop). `at(t)` is
   * awaited-not: it is called once a second with the seconds elapsed (to inject faults).
   */
  async run(seconds: number, ratePerClient: number, at: (t: number) => void = () => undefined): Promise<void> {
    const period = 1000 / ratePerClient;
    const start = performance.now();
    const phases = this.clients.map(() => Math.random() * period);
    const sentPerClient = this.clients.map(() => 0);
    const inFlight = new Set<Promise<void>>();
    let second = 0;
    while (performance.now() - start < seconds * 1000) {
      const now = performance.now() - start;
      while (second <= Math.floor(now / 1000)) at(second++);
      for (const c of this.clients) {
        const due = Math.floor((now - (phases[c.i] as number)) / period) + 1;
        while ((sentPerClient[c.i] as number) < due) {
          const n = (sentPerClient[c.i] as number) + 1;
          sentPerClient[c.i] = n;
          const p = this.#post(c, `${this.#o.prefix}${c.i}-${n}`).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
      }
      await sleep(10);
    }
    await Promise.all([...inFlight]);
  }

  async #post(c: Client, tag: string): Promise<void> {
    const t0 = performance.now();
    this.#sentAt.set(tag, t0);
    const base = this.#o.nodes[this.dead.has(c.node) ? this.#o.nodes.findIndex((_, k) => !this.dead.has(k)) : c.node] as string;
    let status = 0;
    let body = '';
    try {
      const r = await http('POST', `${base}/api/v1/channels/${c.channel}/messages`, { token: c.user.token, body: { text: `load note ${tag}`, clientMsgId: tag }, timeoutMs: this.#o.timeoutMs ?? 30_000 });
      status = r.status;
      body = status === 201 ? '' : r.body;
    } catch (err) {
      body = err instanceof Error ? err.message : String(err);
    }
    this.posts.push({ client: c.i, tag, status, ms: performance.now() - t0, body, at: t0 });
  }

  /** Waits until every acknowledged post reached every member of its channel, or `ms` passed. */
  async drain(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while (performance.now() < deadline && this.report().missing > 0) await sleep(250);
  }

  /** Checks the deliveries against the acknowledged posts (see {@link LoadReport}). */
  report(): LoadReport {
    const acked = new Set<string>();
    const ackedOf = new Map<string, string[]>();
    for (const p of this.posts) {
      if (p.status !== 201) continue;
      acked.add(p.tag);
      const ch = (this.clients[p.client] as Client).channel;
      const list = ackedOf.get(ch);
      if (list) list.push(p.tag);
      else ackedOf.set(ch, [p.tag]);
    }
    const membersOf = new Map<string, Client[]>();
    for (const c of this.clients) membersOf.set(c.channel, [...(membersOf.get(c.channel) ?? []), c]);
    let expected = 0;
    let missing = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    let orderMismatch = 0;
    let firstMissing = '';
    for (const [channel, members] of membersOf) {
      const tags = ackedOf.get(channel) ?? [];
      expected += tags.length * members.length;
      let reference: string | null = null;
      for (const c of members) {
        const seen = new Set(c.got);
        duplicates += c.got.length - seen.size;
        let own = 0;
        for (const t of tags) if (!seen.has(t)) own++;
        if (own > 0 && !firstMissing) firstMissing = `client ${c.i} on node ${c.node} (reconnects ${c.reconnects}, last seq ${c.lastSeq}) misses ${own} of ${tags.length}, e.g. ${tags.filter((t) => !seen.has(t)).slice(0, 5).join(' ')}`;
        missing += own;
        for (let k = 1; k < c.seqs.length; k++) if ((c.seqs[k] as number) <= (c.seqs[k - 1] as number)) outOfOrder++;
        const order = c.got.filter((t) => acked.has(t)).join(',');
        if (reference === null) reference = order;
        else if (order !== reference) orderMismatch++;
      }
    }
    const lat: number[] = [];
    for (const [tag, list] of this.#latency) if (acked.has(tag)) lat.push(...list);
    lat.sort((a, b) => a - b);
    const pct = (q: number): number => (lat.length ? (lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] as number) : 0);
    const statuses: Record<string, number> = {};
    for (const p of this.posts) statuses[p.status] = (statuses[p.status] ?? 0) + 1;
    return {
      sent: this.posts.length,
      acked: acked.size,
      statuses,
      expected,
      missing,
      duplicates,
      outOfOrder,
      orderMismatch,
      p50: pct(0.5),
      p99: pct(0.99),
      slowest: Math.max(0, ...this.posts.map((p) => p.ms)),
      reconnects: this.clients.reduce((s, c) => s + c.reconnects, 0),
      firstMissing,
    };
  }

  /** Closes every socket (no reconnects from here on). */
  close(): void {
    this.#stopping = true;
    for (const c of this.clients) c.ws?.terminate();
  }
}
