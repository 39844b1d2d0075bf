/**
 * The evaluation's world: one real server on a temp SQLite folder (log captured to a file), the
 * accounts (A writes, B reads, C is the member removed in the R28 scenario, P is a privacy
 * officer) created with `bin/enclave users add`, and the channels: `team` (private, A+B),
 * `broad` (public, A+B), `chat` (private, A+B: unlabeled real chat), `escalations` (private,
 * A+B+C, for R28). The per-user message rate is raised (`ENCLAVE_MESSAGE_RATE`) because one
 * author posts thousands of messages; the broad threshold stays at its default (50).
 */
import { join } from 'node:path';
import { Api } from './api.ts';
import { addUser, serverEnv, startServer, tempDir, type ServerProc } from './procs.ts';

/** Message rate given to the server for the evaluation (messages per user per 10 s). */
export const EVAL_MESSAGE_RATE = 1_000_000;

export interface Session {
  server: ServerProc;
  dir: string;
  a: Api;
  b: Api;
  c: Api;
  po: Api;
  ids: { a: string; b: string; c: string; po: string };
  channels: { team: string; broad: string; chat: string; escalations: string };
}

/** Starts the server (with `extraEnv`, e.g. the SMTP URL of the notification probe) and creates accounts and channels. */
export async function openSession(logLevel: string, extraEnv: Record<string, string> = {}): Promise<Session> {
  const dir = tempDir('enclave-eval-e2e-');
  const env = serverEnv(dir, { ENCLAVE_MESSAGE_RATE: String(EVAL_MESSAGE_RATE), ENCLAVE_ANALYZE_RATE: String(EVAL_MESSAGE_RATE), LOG_LEVEL: logLevel, ...extraEnv });
  const server = await startServer(env, join(dir, 'server.log'));
  const mk = (n: string, role: string) => addUser(env, { email: `eval-${n}@example.com`, name: `Eval ${n.toUpperCase()}`, role });
  const ua = await mk('a', 'agent');
  const ub = await mk('b', 'agent');
  const uc = await mk('c', 'agent');
  const up = await mk('po', 'privacy_officer');
  const a = new Api(server.url, ua.apiToken);
  const b = new Api(server.url, ub.apiToken);
  const c = new Api(server.url, uc.apiToken);
  const po = new Api(server.url, up.apiToken);
  const channel = async (name: string, visibility: 'public' | 'private', members: string[]): Promise<string> => {
    const ch = await a.must<{ id: string }>('POST', '/api/v1/channels', { name, visibility });
    for (const userId of members) await a.must('POST', `/api/v1/channels/${ch.id}/members`, { userId });
    return ch.id;
  };
  const team = await channel('eval-team', 'private', [ub.id]);
  const broad = await channel('eval-broad', 'public', []);
  await b.must('POST', `/api/v1/channels/${broad}/members`, { userId: ub.id });
  const chat = await channel('eval-chat', 'private', [ub.id]);
  const escalations = await channel('escalations', 'private', [ub.id, uc.id]);
  return { server, dir, a, b, c, po, ids: { a: ua.id, b: ub.id, c: uc.id, po: up.id }, channels: { team, broad, chat, escalations } };
}
