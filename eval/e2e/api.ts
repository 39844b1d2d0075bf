/**
 * A small typed client of Enclave's HTTP API and stream (PRODUCT.md "Interfaces that stay
 * stable", docs/api.md), authenticated with `Authorization: Bearer`. Loopback only.
 * Offsets in messages are UTF-16 code units, end-exclusive.
 */
import WebSocket from 'ws';

/** A message entity: where a placeholder sits in the stored text, and its vault token. */
export interface Entity {
  entityType: string;
  start: number;
  end: number;
  token: string;
}

/** A message as the API returns it (fields this harness reads). */
export interface Message {
  id: string;
  channelId: string;
  authorId: string;
  text: string;
  entities: Entity[];
  clientMsgId: string | null;
  deletedAt: string | null;
}

/** An HTTP answer: status, raw body text and the parsed JSON (or null). */
export interface Answer<T = unknown> {
  status: number;
  body: string;
  json: T | null;
}

/** Calls the API as one user. */
export class Api {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  /** Sends a request; `raw` is sent as is (for malformed-body tests), else `body` as JSON. Never throws on HTTP status. */
  async call<T = unknown>(method: string, path: string, opts: { body?: unknown; raw?: string } = {}): Promise<Answer<T>> {
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(120_000) });
    const body = await res.text();
    let json: T | null = null;
    try {
      json = JSON.parse(body) as T;
    } catch {
      json = null;
    }
    return { status: res.status, body, json };
  }

  /** Like {@link call} but throws unless the status is one of `ok`. */
  async must<T>(method: string, path: string, body?: unknown, ok: number[] = [200, 201, 204]): Promise<T> {
    const a = await this.call<T>(method, path, { body });
    if (!ok.includes(a.status)) throw new Error(`${method} ${path} → ${a.status} ${a.body.slice(0, 300)}`);
    return a.json as T;
  }

  /** Every message of a channel, oldest first, by paging with `after` (200 per page). */
  async history(channelId: string): Promise<Message[]> {
    const out: Message[] = [];
    let after: string | undefined;
    for (;;) {
      const q = after ? `&after=${after}` : '';
      const page = await this.must<{ messages: Message[]; hasMore: boolean }>('GET', `/api/v1/channels/${channelId}/messages?limit=200${after ? q : `&after=${'0'.repeat(26)}`}`);
      out.push(...page.messages);
      const last = page.messages[page.messages.length - 1];
      if (!page.hasMore || !last) return out;
      after = last.id;
    }
  }
}

/** Frames received on a stream socket (JSON-parsed), collected until {@link StreamReader.close}. */
export class StreamReader {
  readonly frames: Array<{ type?: string; seq?: number; channelId?: string; message?: Message }> = [];
  closeCode: number | null = null;
  #ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (d: Buffer) => {
      try {
        this.frames.push(JSON.parse(d.toString('utf8')) as StreamReader['frames'][number]);
      } catch {
        this.frames.push({ type: 'unparseable' });
      }
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  /** Opens `/api/v1/stream` with a bearer header; resolves after the `hello` frame. */
  static open(url: string, token: string): Promise<StreamReader> {
    return new Promise((res, rej) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
      const reader = new StreamReader(ws);
      const timer = setTimeout(() => rej(new Error('stream: no hello within 30 s')), 30_000);
      const check = (): void => {
        if (reader.frames.some((f) => f.type === 'hello')) {
          clearTimeout(timer);
          res(reader);
        } else setTimeout(check, 20);
      };
      ws.once('open', check);
      ws.once('unexpected-response', (_q, r) => {
        clearTimeout(timer);
        rej(new Error(`stream upgrade refused: ${r.statusCode}`));
      });
      ws.once('error', (e) => {
        clearTimeout(timer);
        rej(e);
      });
    });
  }

  /** The raw JSON of every frame joined (for substring checks). */
  text(): string {
    return this.frames.map((f) => JSON.stringify(f)).join('\n');
  }

  /** Tears the TCP connection down without a close handshake (a client that vanished). */
  terminate(): void {
    this.#ws.terminate();
  }

  /** Closes the socket and resolves once closed. */
  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((res) => {
      this.#ws.once('close', () => res());
      this.#ws.close();
    });
  }
}

/** Sleeps `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
