import { readFileSync } from 'node:fs';

/**
 * Messages between `run.ts` and its children (`setup.ts`, `clients.ts`, `audit-child.ts`) over
 * the Node IPC channel, and the shared statistics. Times in ms.
 */

/** A user and its bearer API token. */
export interface BenchUser {
  id: string;
  token: string;
}

/** A channel and its members (the first is the owner). */
export interface BenchChannel {
  id: string;
  members: BenchUser[];
}

/** `setup.ts`: create `channels` private channels of `members` agents each in `dataDir`. */
export interface SetupRequest {
  dataDir: string;
  channels: number;
  members: number;
}

/** A target server for the clients process. */
export interface Target {
  name: 'on' | 'off';
  url: string;
  /** Server process id (its CPU time is read from `/proc/PID/stat`). */
  pid: number;
  channels: BenchChannel[];
}

/** `clients.ts`: connect every member of both targets, then alternate send windows. */
export interface LoadCommand {
  targets: Target[];
  rate: number;
  windowSeconds: number;
  rounds: number;
  drainMs: number;
  /** Reveals to time on the `on` target after the load, sequentially. */
  reveals: number;
}

/** Latency summary (nearest-rank percentiles), ms. */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** What one target measured over all its windows. */
export interface TargetResult {
  sent: number;
  accepted: number;
  rejected: Record<string, number>;
  expected: number;
  delivered: number;
  latency: Summary;
  /** Latency of messages carrying personal data / plain text only. */
  latencyPii: Summary;
  latencyPlain: Summary;
  post: Summary;
  achievedRate: number;
  /** Server CPU time (user + system) during the recorded windows and their drains, ms. */
  serverCpuMs: number;
}

export interface LoadResult {
  connectMs: number;
  sockets: number;
  results: Record<'on' | 'off', TargetResult>;
  reveal: { latency: Summary; statuses: Record<string, number>; tokensSeen: number };
}

/** `audit-child.ts`: append-rate measure and the seeding of a verify data folder. */
export interface AuditRequest {
  appendDir: string;
  single: number;
  seedDir: string;
  seed: number;
  batch: number;
}

export interface AuditResult {
  single: { events: number; ms: number; cpuMs: number };
  seeded: { events: number; ms: number; cpuMs: number };
}

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as number;
}

/** p50, p99, max of `values`. */
export function summarize(values: readonly number[]): Summary {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? (s[s.length - 1] as number) : NaN };
}

/** CPU time (user + system) of process `pid` so far, ms (Linux `/proc/PID/stat`, clock ticks of 10 ms); NaN if unknown. */
export function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
