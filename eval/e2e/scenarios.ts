/**
 * The field reports' `chat-leak` scenarios, run against the real server:
 * - R28 (permissions): C is removed from private #escalations, then A posts the text; C asks for
 *   the channel's messages, the message by id, its history, and searches, with a still-valid
 *   token, while C's stream socket (opened before the removal) stays open. Expect 403/404 and
 *   none of the `must_not` values in any body or frame.
 * - R31 (logs): the text goes as a DM, and through error paths (unknown field, malformed JSON,
 *   wrong type, too long, body over 1 MiB, unknown channel, foreign channel, bad thread root,
 *   edit of a deleted message, broad channel block, recipient socket torn down mid-delivery).
 *   No error body may contain a `must_not` string; the log part of the check is done on the
 *   captured server log at the end ({@link logCheck}).
 * Check details name statuses and paths only, never values.
 */
import { StreamReader, sleep, type Api } from './api.ts';
import type { FieldReport } from './corpus.ts';
import { findNeedles } from './log-scan.ts';
import type { Session } from './session.ts';

/** One check of a scenario. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A scenario's outcome. */
export interface ScenarioResult {
  id: string;
  kind: string;
  checks: Check[];
}

const contains = (body: string, values: readonly string[]): boolean => values.some((v) => body.includes(v) || body.includes(JSON.stringify(v).slice(1, -1)));

/** R28-style scenario: removed member reads nothing. */
export async function removedMember(s: Session, r: FieldReport): Promise<ScenarioResult> {
  const checks: Check[] = [];
  const ch = s.channels.escalations;
  const stream = await StreamReader.open(s.server.url, s.c.token);
  const del = await s.a.call('DELETE', `/api/v1/channels/${ch}/members/${s.ids.c}`);
  checks.push({ name: 'removal accepted', ok: del.status === 204, detail: `DELETE member → ${del.status}` });
  await sleep(200);
  const framesBefore = stream.frames.length;
  const post = await s.a.call<{ message?: { id: string } }>('POST', `/api/v1/channels/${ch}/messages`, { body: { text: r.text, clientMsgId: `scenario-${r.id}` } });
  checks.push({ name: 'post by A accepted', ok: post.status === 201, detail: `POST → ${post.status}` });
  const id = post.json?.message?.id ?? 'missing';
  await sleep(500);
  const values = r.must_not;
  const probe = async (name: string, api: Api, path: string, okStatuses: number[]): Promise<void> => {
    const a = await api.call('GET', path);
    const leak = contains(a.body, values);
    checks.push({ name, ok: okStatuses.includes(a.status) && !leak, detail: `GET ${path.replace(/[0-9A-Z]{26}/g, ':id')} → ${a.status}${leak ? ', VALUE IN BODY' : ''}` });
  };
  await probe('channel messages', s.c, `/api/v1/channels/${ch}/messages`, [403, 404]);
  await probe('message by id', s.c, `/api/v1/messages/${id}`, [403, 404]);
  await probe('message history', s.c, `/api/v1/messages/${id}/history`, [403, 404]);
  await probe('channel members', s.c, `/api/v1/channels/${ch}/members`, [403, 404]);
  const q = encodeURIComponent('Escalation reporter');
  await probe('search (no result from the channel)', s.c, `/api/v1/search?q=${q}`, [200]);
  const search = await s.c.call<{ results?: Array<{ message: { channelId: string } }> }>('GET', `/api/v1/search?q=${q}`);
  const fromChannel = (search.json?.results ?? []).filter((x) => x.message.channelId === ch).length;
  checks.push({ name: 'search has no message of the channel', ok: fromChannel === 0, detail: `${fromChannel} result(s) from #escalations` });
  const later = stream.frames.slice(framesBefore);
  const streamLeak = contains(JSON.stringify(later), values) || later.some((f) => f.channelId === ch && f.type?.startsWith('message.'));
  checks.push({ name: 'stream opened before removal gets nothing', ok: !streamLeak, detail: `${later.length} frame(s) after removal, ${later.filter((f) => f.channelId === ch).length} of the channel` });
  await stream.close();
  const replay = await StreamReader.open(s.server.url, s.c.token);
  await sleep(300);
  checks.push({ name: 'fresh stream shows nothing', ok: !contains(replay.text(), values), detail: `${replay.frames.length} frame(s)` });
  await replay.close();
  // The reader B, still a member, does get it (the scenario is not vacuous).
  const b = await s.b.call('GET', `/api/v1/messages/${id}`);
  checks.push({ name: 'control: member B can read the message', ok: b.status === 200, detail: `GET message as B → ${b.status}` });
  return { id: r.id, kind: r.kind, checks };
}

/** R31-style scenario: DM and error paths; error bodies must not echo the text. */
export async function errorPaths(s: Session, r: FieldReport): Promise<ScenarioResult> {
  const checks: Check[] = [];
  // Error answers must echo neither the body nor a value; a 201 answer and stream frames carry
  // the stored (tokenized) body by design, so there only the personal-data values count.
  const values = r.must_not;
  const piiValues = r.expect.map((e) => e.value);
  const dm = await s.a.must<{ id: string }>('POST', '/api/v1/dms', { userIds: [s.ids.b] });
  const bStream = await StreamReader.open(s.server.url, s.b.token);
  const record = async (name: string, path: string, opts: { body?: unknown; raw?: string; method?: string }, okStatuses: number[]): Promise<void> => {
    const a = await s.a.call(opts.method ?? 'POST', path, opts);
    const leak = contains(a.body, a.status < 300 ? piiValues : values);
    checks.push({ name, ok: okStatuses.includes(a.status) && !leak, detail: `→ ${a.status}${leak ? ', VALUE IN BODY' : ''}` });
  };
  const msgs = `/api/v1/channels/${dm.id}/messages`;
  await record('DM post', msgs, { body: { text: r.text } }, [201]);
  await record('unknown field', msgs, { body: { text: r.text, sneaky: true } }, [400]);
  await record('malformed JSON', msgs, { raw: `{"text": ${JSON.stringify(r.text)}` }, [400]);
  await record('wrong type', msgs, { body: { text: [r.text] } }, [400]);
  await record('too long', msgs, { body: { text: `${r.text} ${'x'.repeat(40_001)}` } }, [400, 413]);
  await record('body over 1 MiB', msgs, { body: { text: `${r.text} ${'y'.repeat(1_100_000)}` } }, [400, 413]);
  await record('unknown channel', '/api/v1/channels/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages', { body: { text: r.text } }, [404]);
  const foreign = await s.c.must<{ id: string }>('POST', '/api/v1/channels', { name: `c-private-${Date.now()}`, visibility: 'private' });
  await record('channel of others', `/api/v1/channels/${foreign.id}/messages`, { body: { text: r.text } }, [403, 404]);
  await record('bad thread root', msgs, { body: { text: r.text, threadRootId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } }, [400]);
  await record('broad channel (blocked)', `/api/v1/channels/${s.channels.broad}/messages`, { body: { text: r.text } }, [422]);
  const victim = await s.a.must<{ message: { id: string } }>('POST', msgs, { text: 'to be deleted' });
  await s.a.must('DELETE', `/api/v1/messages/${victim.message.id}`);
  await record('edit of a deleted message', `/api/v1/messages/${victim.message.id}`, { method: 'PATCH', body: { text: r.text } }, [409]);
  await record('edit with an unknown field', `/api/v1/messages/${victim.message.id}`, { method: 'PATCH', body: { text: r.text, extra: 1 } }, [400, 409]);
  // Failed delivery: the recipient's socket is torn down while the message is sent.
  const doomed = await StreamReader.open(s.server.url, s.b.token);
  const sending = s.a.call('POST', msgs, { body: { text: r.text } });
  doomed.terminate();
  const sent = await sending;
  checks.push({ name: 'post while recipient socket dies', ok: sent.status === 201 && !contains(sent.body, piiValues), detail: `→ ${sent.status}` });
  await sleep(500);
  const seen = bStream.text();
  checks.push({ name: "recipient's stream carries no raw value", ok: !contains(seen, piiValues), detail: `${bStream.frames.length} frame(s)` });
  await bStream.close();
  return { id: r.id, kind: r.kind, checks };
}

/** The log part of R31 (and every chat-leak case): none of `must_not` in the captured log. */
export function logCheck(log: string, r: FieldReport): Check {
  const hits = findNeedles(log, r.must_not, 1).length;
  return { name: 'server log free of body and values', ok: hits === 0, detail: `${hits} of ${r.must_not.length} listed string(s) found in the log` };
}
