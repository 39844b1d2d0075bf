/**
 * Override path (issue 7): for a sample of labeled personal-data values, A tries to get each value
 * raw into a public channel that B reads — through "not personal data" marks (alone; then approved
 * by the privacy officer and revoked again), edits, thread replies, the channel topic, and
 * splitting the value across two messages. A value "gets through" when B's copy (GET of the
 * message, or of the channel for the topic) holds it raw (for a split: both halves raw). Target 0
 * for every path, except marks approved by a privacy officer for types that are not hard
 * identifiers (an officer's decision, counted apart).
 */
import type { Api, Message } from './api.ts';
import type { LabeledDoc } from './corpus.ts';

/** Entity types that may never be marked for broad channels (the server's list, restated). */
const HARD = new Set(['CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IP_ADDRESS', 'DEVICE_ID', 'US_PASSPORT', 'PASSPORT', 'US_DRIVER_LICENSE', 'KNOWN_SUBJECT']);

/** Per path: attempts and values that got through, by label type. */
export interface OverridePath {
  attempts: number;
  through: number;
  byType: Record<string, number>;
}

export interface OverrideProbe {
  values: number;
  /** Values the plain post already left raw (a detection miss, not an override): not probed further. */
  missed: number;
  paths: Record<string, OverridePath>;
  /** Labels whose finding the server typed as a hard identifier that got through with an officer's approval (target 0). */
  hardApprovedThrough: number;
  errors: Record<string, number>;
}

const PATHS = ['mark (sender alone)', 'mark approved by officer', 'after revoke', 'edit', 'thread reply', 'channel topic', 'split across messages'] as const;

/** Runs the probe on up to `n` labeled values; `pub` is a public channel of A and B, `po` a privacy officer. */
export async function probeOverride(a: Api, b: Api, po: Api, pub: string, docs: readonly LabeledDoc[], n: number, tick: () => void): Promise<OverrideProbe> {
  const pool: Array<{ doc: LabeledDoc; start: number; end: number; type: string }> = [];
  for (const d of docs) for (const l of d.labels) if (l.type && l.end - l.start >= 4) pool.push({ doc: d, start: l.start, end: l.end, type: l.type });
  const step = Math.max(1, pool.length / n);
  const sample = Array.from({ length: Math.min(n, pool.length) }, (_, i) => pool[Math.floor(i * step)] as (typeof pool)[number]);
  const out: OverrideProbe = { values: sample.length, missed: 0, paths: {}, hardApprovedThrough: 0, errors: {} };
  for (const p of PATHS) out.paths[p] = { attempts: 0, through: 0, byType: {} };
  const err = (k: string): void => void (out.errors[k] = (out.errors[k] ?? 0) + 1);
  const count = (path: (typeof PATHS)[number], type: string, through: boolean): void => {
    const p = out.paths[path] as OverridePath;
    p.attempts++;
    if (!through) return;
    p.through++;
    p.byType[type] = (p.byType[type] ?? 0) + 1;
  };
  const seen = async (id: string): Promise<string> => {
    const r = await b.call<{ message: Message }>('GET', `/api/v1/messages/${id}`);
    return r.status === 200 && r.json ? r.json.message.text : '';
  };
  const send = async (text: string, threadRootId?: string): Promise<string | null> => {
    const r = await a.call<{ message: Message }>('POST', `/api/v1/channels/${pub}/messages`, { body: { text, ...(threadRootId ? { threadRootId } : {}) } });
    if (r.status === 201 && r.json) return r.json.message.id;
    if (r.status !== 422) err(`post ${r.status}`);
    return null;
  };
  for (const v of sample) {
    tick();
    const value = v.doc.text.slice(v.start, v.end);
    // A short message around the value (the topic holds at most 250 characters).
    const from = Math.max(0, v.start - 60);
    const text = v.doc.text.slice(from, Math.min(v.doc.text.length, v.end + 60)).trim() || value;
    const rawIn = async (id: string | null): Promise<boolean> => (id ? (await seen(id)).includes(value) : false);
    if (await rawIn(await send(text))) {
      out.missed++;
      continue;
    }

    // Marks: ask for every finding overlapping the value, post; then have the officer approve, post; revoke, look again.
    const preview = await a.call<{ findings: Array<{ entityType: string; start: number; end: number }> }>('POST', '/api/v1/analyze', { body: { channelId: pub, text } });
    const at = text.indexOf(value);
    const overlapping = (preview.json?.findings ?? []).filter((f) => f.start < at + value.length && at < f.end);
    const markIds: string[] = [];
    for (const f of overlapping) {
      const m = await a.call<{ mark: { id: string; status: string } }>('POST', '/api/v1/privacy/marks', { body: { channelId: pub, text, start: f.start, end: f.end } });
      if (m.status === 201 && m.json) markIds.push(m.json.mark.id);
      else if (m.status !== 422) err(`mark ${m.status}`);
    }
    count('mark (sender alone)', v.type, await rawIn(await send(text)));
    for (const id of markIds) {
      const r = await po.call('POST', `/api/v1/privacy/marks/${id}/approve`);
      if (r.status !== 200 && r.status !== 422) err(`approve ${r.status}`);
    }
    const approvedId = await send(text);
    const approvedThrough = await rawIn(approvedId);
    count('mark approved by officer', v.type, approvedThrough);
    if (approvedThrough && overlapping.some((f) => HARD.has(f.entityType))) out.hardApprovedThrough++;
    for (const id of markIds) {
      const r = await po.call('DELETE', `/api/v1/privacy/marks/${id}`);
      if (r.status !== 204 && r.status !== 404) err(`revoke ${r.status}`);
    }
    if (approvedId) count('after revoke', v.type, await rawIn(approvedId));

    // Edit a neutral message into the text.
    const draft = await send(`draft ${v.doc.key.slice(0, 40)}`);
    if (draft) {
      const r = await a.call('PATCH', `/api/v1/messages/${draft}`, { body: { text } });
      if (r.status !== 200 && r.status !== 422) err(`patch ${r.status}`);
      count('edit', v.type, await rawIn(draft));
    }
    // A thread reply.
    const root = await send(`thread ${v.doc.key.slice(0, 40)}`);
    if (root) count('thread reply', v.type, await rawIn(await send(text, root)));
    // The channel topic.
    const topic = text.slice(0, 250);
    if (topic.includes(value)) {
      const r = await a.call('PATCH', `/api/v1/channels/${pub}`, { body: { topic } });
      if (r.status !== 200 && r.status !== 422) err(`topic ${r.status}`);
      const ch = await b.call<{ topic?: string | null }>('GET', `/api/v1/channels/${pub}`);
      count('channel topic', v.type, (ch.json?.topic ?? '').includes(value));
    }
    // Split across two messages.
    const mid = Math.floor(value.length / 2);
    const one = await send(`${text.slice(0, at)}${value.slice(0, mid)}`.trim() || value.slice(0, mid));
    const two = await send(`${value.slice(mid)}${text.slice(at + value.length)}`.trim() || value.slice(mid));
    const halves = one && two ? [(await seen(one)).includes(value.slice(0, mid)), (await seen(two)).includes(value.slice(mid))] : [false, false];
    count('split across messages', v.type, halves[0] === true && halves[1] === true);
  }
  await a.call('PATCH', `/api/v1/channels/${pub}`, { body: { topic: '' } });
  return out;
}

/** Markdown section of the override probe. */
export function renderOverride(p: OverrideProbe): string {
  const lines = [
    '## Override path (public channel)',
    '',
    `${p.values} labeled values, ${p.missed} of them left raw by a plain post already (detection misses, not probed); a value "gets through" when B reads it raw (split: both halves raw). Target 0, except officer-approved marks of types that are not hard identifiers.`,
    '',
    '| path | attempts | through | by type |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const [name, x] of Object.entries(p.paths)) {
    const types = Object.entries(x.byType)
      .sort((m, n) => n[1] - m[1])
      .map(([t, c]) => `${t} ${c}`)
      .join(', ');
    lines.push(`| ${name} | ${x.attempts} | ${x.through} | ${types || '—'} |`);
  }
  lines.push('', `Hard identifiers through with an officer's approval: ${p.hardApprovedThrough} (target 0).`);
  const errs = Object.entries(p.errors);
  if (errs.length > 0) lines.push('', `Unexpected answers: ${errs.map(([k, c]) => `${k} ×${c}`).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
