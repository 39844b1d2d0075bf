/**
 * Edit and delete paths (issue 4: "Edits pass the same path; edit history and soft-deleted
 * messages keep only tokenized text"). For a sample of labeled inputs, A posts a neutral draft
 * to the team channel and edits it into the labeled text; then the copies are checked: the PATCH
 * answer (the author's own echo), B's `GET /messages/:id`, the last version of B's
 * `GET /messages/:id/history`, and B's `message.updated` stream frame. Every other message is
 * then deleted and B's message and history bodies must hold none of its values.
 */
import type { Api, Message, StreamReader } from './api.ts';
import type { LabeledDoc } from './corpus.ts';
import { analyseCopy } from './score.ts';

/** Personal-data values raw per path, over `values` values in `edited` messages. */
export interface EditProbe {
  edited: number;
  failed: Record<string, number>;
  values: number;
  rawByPath: Record<string, number>;
  deleted: number;
  /** Deleted messages whose message or history body still holds one of their values (5+ chars). */
  deletedWithValue: number;
}

/** Runs the probe on up to `n` inputs that hold personal data (spread over `docs`). */
export async function probeEdits(a: Api, b: Api, stream: StreamReader, channelId: string, docs: readonly LabeledDoc[], n: number, tick: () => void): Promise<EditProbe> {
  const pool = docs.filter((d) => d.labels.some((l) => l.type) && !d.report?.generate);
  const step = Math.max(1, pool.length / n);
  const sample = Array.from({ length: Math.min(n, pool.length) }, (_, i) => pool[Math.floor(i * step)] as LabeledDoc);
  const out: EditProbe = { edited: 0, failed: {}, values: 0, rawByPath: { patch: 0, get: 0, history: 0, stream: 0 }, deleted: 0, deletedWithValue: 0 };
  const fail = (k: string): void => void (out.failed[k] = (out.failed[k] ?? 0) + 1);
  const edited: Array<{ doc: LabeledDoc; id: string }> = [];
  for (const doc of sample) {
    tick();
    const post = await a.call<{ message: Message }>('POST', `/api/v1/channels/${channelId}/messages`, { body: { text: `draft for ${doc.key}`, clientMsgId: `edit-${doc.key}` } });
    if (post.status !== 201 || !post.json) {
      fail(`post ${post.status}`);
      continue;
    }
    const id = post.json.message.id;
    const patch = await a.call<{ message: Message }>('PATCH', `/api/v1/messages/${id}`, { body: { text: doc.text } });
    if (patch.status !== 200 || !patch.json) {
      fail(`patch ${patch.status}`);
      continue;
    }
    out.edited++;
    edited.push({ doc, id });
    const personal = doc.labels.map((l, i) => (l.type ? i : -1)).filter((i) => i >= 0);
    out.values += personal.length;
    const count = (path: string, m: Message | undefined): void => {
      if (!m) return fail(`${path} missing`);
      const r = analyseCopy(doc, m);
      for (const i of personal) if (r.outcomes[i] === 'raw') out.rawByPath[path] = (out.rawByPath[path] ?? 0) + 1;
    };
    count('patch', patch.json.message);
    count('get', (await b.call<{ message: Message }>('GET', `/api/v1/messages/${id}`)).json?.message);
    const versions = (await b.call<{ versions: Array<{ text: string; entities: Message['entities'] }> }>('GET', `/api/v1/messages/${id}/history`)).json?.versions ?? [];
    const last = versions[versions.length - 1];
    count('history', last ? ({ ...last, id, channelId, authorId: '', clientMsgId: null, deletedAt: null } as Message) : undefined);
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const { doc, id } of edited) {
    const frame = stream.frames.filter((f) => f.type === 'message.updated' && f.message?.id === id).pop();
    const personal = doc.labels.map((l, i) => (l.type ? i : -1)).filter((i) => i >= 0);
    if (!frame?.message) {
      fail('stream missing');
      continue;
    }
    const r = analyseCopy(doc, frame.message);
    for (const i of personal) if (r.outcomes[i] === 'raw') out.rawByPath.stream = (out.rawByPath.stream ?? 0) + 1;
  }
  for (const [k, { doc, id }] of edited.entries()) {
    if (k % 2) continue;
    const del = await a.call('DELETE', `/api/v1/messages/${id}`);
    if (del.status !== 204) {
      fail(`delete ${del.status}`);
      continue;
    }
    out.deleted++;
    const bodies = (await b.call('GET', `/api/v1/messages/${id}`)).body + (await b.call('GET', `/api/v1/messages/${id}/history`)).body;
    if (doc.labels.some((l) => l.type && l.end - l.start >= 5 && bodies.includes(doc.text.slice(l.start, l.end)))) out.deletedWithValue++;
  }
  return out;
}
