/**
 * Messages between the benchmark orchestrator (`run.ts`) and its child processes (`setup.ts`,
 * `clients.ts`) over the Node IPC channel. Times are ms; URLs are `http://127.0.0.1:PORT`.
 */
import type { Summary } from './stats.ts';

/** A user the setup created: its id and bearer API token. */
export interface BenchUser {
  id: string;
  token: string;
}

/** What `setup.ts` is asked to create. */
export interface SetupRequest {
  dataDir: string;
  fanoutClients: number;
  sustainedChannels: number;
  sustainedMembers: number;
  historyMessages: number;
  /** Sample of message ids to return for `before=` cursors. */
  cursorSample: number;
  /** Which parts to create. */
  parts: { fanout: boolean; history: boolean; sustained: boolean };
}

/** What `setup.ts` created. */
export interface SetupResult {
  fanout: { channelId: string; sender: BenchUser; users: BenchUser[] } | null;
  history: { channelId: string; reader: BenchUser; unreadMember: BenchUser; cursors: string[]; rareWord: string; rareCount: number; commonWord: string; commonCount: number; seedMs: number } | null;
  sustained: { channels: Array<{ id: string; members: BenchUser[] }> } | null;
}

/** Fan-out: the same sockets and method against Enclave and the raw `ws` baseline, interleaved. */
export interface FanoutCommand {
  cmd: 'fanout';
  enclaveUrl: string;
  rawUrl: string;
  channelId: string;
  sender: BenchUser;
  users: BenchUser[];
  messages: number;
  warmup: number;
  intervalMs: number;
}

export interface FanoutResult {
  enclave: Summary;
  raw: Summary;
  /** Deliveries expected but not seen within the wait, per target. */
  missing: { enclave: number; raw: number };
  connectMs: { enclave: number; raw: number };
}

/** Sequential GETs of `paths`, `rounds` times in total (cycling), after `warmup` untimed ones. */
export interface GetCommand {
  cmd: 'get';
  url: string;
  token: string;
  paths: string[];
  rounds: number;
  warmup: number;
}

export interface GetResult {
  latency: Summary;
  /** Non-200 answers (the first status seen is in `firstError`). */
  errors: number;
  firstError: string | null;
  /** Mean number of items in the answers (messages or results). */
  meanItems: number;
}

/** Sustained load: every member connected, `rate` posts/s spread over all members, for `seconds`. */
export interface SustainedCommand {
  cmd: 'sustained';
  url: string;
  channels: Array<{ id: string; members: BenchUser[] }>;
  rate: number;
  seconds: number;
  /** After the last send, how long to wait for outstanding deliveries, ms. */
  drainMs: number;
}

export interface SustainedResult {
  sent: number;
  accepted: number;
  /** Non-201 answers by status (e.g. `{ "429": 3 }`), and transport errors as `"error"`. */
  rejected: Record<string, number>;
  expectedDeliveries: number;
  delivered: number;
  missing: number;
  duplicates: number;
  /** Frames of a channel delivered to a socket of a non-member (must be 0). */
  foreign: number;
  /** Messages whose per-socket delivery order differed from their `seq` order. */
  outOfOrder: number;
  latency: Summary;
  /** Post answer time (201s), ms. */
  postLatency: Summary;
  achievedRate: number;
  socketsClosed: number;
}

export type ClientCommand = FanoutCommand | GetCommand | SustainedCommand;

/** Reply of `clients.ts` to one command. */
export type ClientReply = { ok: true; result: FanoutResult | GetResult | SustainedResult } | { ok: false; error: string };
