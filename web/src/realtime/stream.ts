/**
 * Live event stream over `GET /api/v1/stream?since=SEQ` (docs/api.md "Stream").
 *
 * - Reconnects with exponential backoff (500 ms doubling to 15 s, ±25 % jitter) and resumes
 *   with `since=<last seq seen>` so the server replays what was missed.
 * - Delivers each sequenced event at most once: an event whose `seq` is not above the last one
 *   seen is dropped (replays after a reconnect can overlap).
 * - Sends `{"type":"ping"}` every 25 s; no frame for 60 s means a dead link → reconnect.
 * - Frames are JSON, as text frames or (tolerated) UTF-8 binary frames.
 * - A `{"type":"reset"}` frame (cursor older than retention) calls `onReset`: the app reloads.
 */
import type { SequencedEvent, StreamEvent, TypingFrame } from '../api/types.ts';

/** The subset of the browser `WebSocket` the stream uses (lets tests pass the `ws` package). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number): void;
  /** Browser WebSocket: set to `arraybuffer` so binary frames decode synchronously, in order. */
  binaryType?: string;
}

/** Connection state shown in the UI. */
export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Options of {@link StreamClient}. */
export interface StreamOptions {
  /** Full ws:// or wss:// URL without query, e.g. `ws://127.0.0.1:8080/api/v1/stream`. */
  url: string;
  /** Called once per new sequenced event, in arrival order. */
  onEvent: (event: SequencedEvent) => void;
  /** Called for ephemeral frames (typing): no `seq`, not replayed. */
  onEphemeral?: (frame: TypingFrame) => void;
  /** Called when the server answers `reset` (client must reload its state). */
  onReset?: () => void;
  /** Called on each status change. */
  onStatus?: (status: StreamStatus) => void;
  /** Called after every successful (re)connect; `resumed` is true when `since` was sent. */
  onOpen?: (info: { resumed: boolean }) => void;
  /** Called before each retry with the 1-based attempt number (e.g. to check the session is still valid). */
  onRetry?: (attempt: number) => void;
  /** Socket factory (defaults to the browser `WebSocket`). */
  createSocket?: (url: string) => SocketLike;
  /** First backoff delay in ms (default 500). */
  minDelayMs?: number;
  /** Largest backoff delay in ms (default 15 000). */
  maxDelayMs?: number;
  /** Ping interval in ms (default 25 000). */
  pingIntervalMs?: number;
}

/** A self-healing subscription to the user's event stream. */
export class StreamClient {
  private socket: SocketLike | null = null;
  private lastSeq: number | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private readonly opts: Required<Omit<StreamOptions, 'onReset' | 'onStatus' | 'onOpen' | 'onRetry' | 'onEphemeral'>> &
    Pick<StreamOptions, 'onReset' | 'onStatus' | 'onOpen' | 'onRetry' | 'onEphemeral'>;

  constructor(options: StreamOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      minDelayMs: 500,
      maxDelayMs: 15_000,
      pingIntervalMs: 25_000,
      ...options,
    };
  }

  /** The last `seq` delivered (or announced by the first `hello`), `null` before any. */
  get cursor(): number | null {
    return this.lastSeq;
  }

  /** Opens the connection (idempotent). */
  start(): void {
    this.stopped = false;
    if (!this.socket) this.connect();
  }

  /** Closes for good; no further reconnects. */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.close(1000);
    }
    this.opts.onStatus?.('closed');
  }

  /** Drops the current socket and reconnects now (e.g. when the browser comes back online). */
  reconnectNow(): void {
    if (this.stopped) return;
    this.attempt = 0;
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.close(1000);
    }
    this.clearTimers();
    this.connect();
  }

  private connect(): void {
    const resumed = this.lastSeq !== null;
    const url = resumed ? `${this.opts.url}?since=${this.lastSeq}` : this.opts.url;
    this.opts.onStatus?.(this.attempt === 0 && !resumed ? 'connecting' : 'reconnecting');
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    if ('binaryType' in socket) socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.attempt = 0;
      this.lastFrameAt = Date.now();
      this.opts.onStatus?.('open');
      this.opts.onOpen?.({ resumed });
      this.pingTimer = setInterval(() => this.keepAlive(), this.opts.pingIntervalMs);
    };
    socket.onmessage = (ev) => this.handleFrame(ev.data);
    socket.onerror = () => {
      /* onclose follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private keepAlive(): void {
    const s = this.socket;
    if (!s) return;
    if (Date.now() - this.lastFrameAt > this.opts.pingIntervalMs * 2.4) {
      this.reconnectNow();
      return;
    }
    s.send(JSON.stringify({ type: 'ping' }));
  }

  private handleFrame(data: unknown): void {
    this.lastFrameAt = Date.now();
    const text = frameText(data);
    if (text === null) return;
    let frame: StreamEvent;
    try {
      frame = JSON.parse(text) as StreamEvent;
    } catch {
      return;
    }
    if (frame.type === 'hello') {
      // First connection: start from "now". On a resume the replay follows, keep our cursor.
      if (this.lastSeq === null) this.lastSeq = frame.seq;
      return;
    }
    if (frame.type === 'pong') return;
    if (frame.type === 'typing') {
      if (typeof frame.channelId === 'string' && typeof frame.userId === 'string') this.opts.onEphemeral?.(frame);
      return;
    }
    if (frame.type === 'reset') {
      this.lastSeq = null;
      this.opts.onReset?.();
      return;
    }
    if (typeof frame.seq !== 'number') return;
    if (this.lastSeq !== null && frame.seq <= this.lastSeq) return;
    this.lastSeq = frame.seq;
    this.opts.onEvent(frame);
  }

  private scheduleRetry(): void {
    this.opts.onStatus?.('reconnecting');
    const base = Math.min(this.opts.maxDelayMs, this.opts.minDelayMs * 2 ** this.attempt);
    const delay = base * (0.75 + Math.random() * 0.5);
    this.attempt += 1;
    this.opts.onRetry?.(this.attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }
}

const utf8 = new TextDecoder();

/** A frame's JSON text: text frames as they are, binary frames decoded as UTF-8; `null` otherwise. */
function frameText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return utf8.decode(data);
  if (ArrayBuffer.isView(data)) return utf8.decode(data);
  return null;
}

/** The stream URL for the page's own origin (`ws:` for http, `wss:` for https). */
export function streamUrl(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/stream`;
}
