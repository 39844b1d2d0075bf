/**
 * Known-subject leak rate (issue 8, "Tests and numbers"): data subjects registered through signed
 * intake (`POST /api/v1/intake/reports`, HMAC-SHA256 signature of an integration made with
 * `bin/enclave integrations add`), then their primary values pasted in retyped forms into a team
 * and a broad channel by an agent who is not assigned to any case, through every write path: a
 * post, a thread reply, an edit of a neutral message, and the channel topic. The reader (B) reads
 * each copy back (history, thread replies, the channel); a copy is *raw* when the retyped form is
 * still in it (compared with zero-width characters removed and case folded). Target: 0 raw on
 * every path. All values are generated here and obviously fake (example.com, 555-01xx,
 * 192.0.2.0/24, 2001:db8::/32); nothing is read from `../shared/data`.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { Api, Message } from './api.ts';
import { ROOT, runCommand } from './procs.ts';

/** Where a retyped value was written. */
export const PATHS = ['post', 'thread reply', 'edit', 'topic'] as const;
export type WritePath = (typeof PATHS)[number];

/** One generated subject: the registered form of each primary field. */
export interface FakeSubject {
  accountId: string;
  displayName: string;
  username: string;
  email: string;
  phone: string;
  ipv4: string;
  ipv6: string;
  deviceId: string;
}

/** A retyped form of a registered value. */
export interface Variant {
  field: string;
  form: string;
  text: string;
}

/** Counts per channel class × path × field. */
export interface KnownSubjectResult {
  subjects: number;
  /** `${channel}|${path}|${field}` → counts. */
  cells: Map<string, { tried: number; raw: number; partly: number; blocked: number; failed: number }>;
  /** Raw examples (field, form, path): never the value itself. */
  rawExamples: string[];
}

const FIRST = ['Zoë', 'Renée', 'Björn', 'Mila', 'Tobias', 'Ines', 'Kasimir', 'Liv', 'Oskar', 'Aurélie'];
const LAST = ['Quillfeather', 'Brambleton', 'Ostrowicz', 'Fenwhistle', 'Marchetti', 'Dunmore', 'Kettleby', 'Vantorre', 'Halvorsen', 'Pemberley'];
const ZW = /[\u200b-\u200d\u2060\ufeff]/g;

/** `n` (≤ 100) fake subjects; subject `i` has phone +1 201-555-01ii and IP 192.0.2.(i+1). */
export function fakeSubjects(n: number, runTag: string): FakeSubject[] {
  return Array.from({ length: Math.min(n, 100) }, (_, i) => {
    const first = FIRST[i % FIRST.length] as string;
    const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length] as string}${i >= 100 ? i : ''}`;
    const two = String(i).padStart(2, '0');
    return {
      accountId: `ks-${runTag}-acct-${two}`,
      displayName: `${first} ${last}`,
      username: `@${first.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}_${last.toLowerCase()}${two}`,
      email: `${first.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.${last.toLowerCase()}${two}@example.com`,
      phone: `+1 201-555-01${two}`,
      ipv4: `192.0.2.${i + 1}`,
      ipv6: `2001:db8::${(0x100 + i).toString(16)}`,
      deviceId: `DEV${runTag.toUpperCase()}${(0xa000 + i).toString(16).toUpperCase()}X7`,
    };
  });
}

/** The retyped forms people use for `s`'s values. */
export function variants(s: FakeSubject): Variant[] {
  const two = s.phone.slice(-2);
  const [first = '', last = ''] = s.displayName.split(' ');
  const plain = (x: string): string => x.normalize('NFD').replace(/\p{M}/gu, '');
  const at = s.email.indexOf('@');
  const v = (field: string, form: string, text: string): Variant => ({ field, form, text });
  return [
    v('phone', 'as registered', s.phone),
    v('phone', '(201) 555-01xx', `(201) 555-01${two}`),
    v('phone', '201.555.01xx', `201.555.01${two}`),
    v('phone', 'digits only', `20155501${two}`),
    v('phone', '+1 (201) 555 01xx', `+1 (201) 555 01${two}`),
    v('email', 'upper case', s.email.toUpperCase()),
    v('email', 'zero-width space', `${s.email.slice(0, 3)}\u200b${s.email.slice(3)}`),
    v('email', 'mixed case domain', `${s.email.slice(0, at)}@Example.COM`),
    v('name', 'lower case', s.displayName.toLowerCase()),
    v('name', 'upper case', s.displayName.toUpperCase()),
    v('name', 'Last, First', `${last}, ${first}`),
    v('name', 'diacritics folded', plain(s.displayName)),
    v('username', 'with @', s.username),
    v('username', 'without @', s.username.slice(1)),
    v('ip', 'IPv4', s.ipv4),
    v('ip', 'IPv6 expanded', expandV6(s.ipv6)),
    v('ip', 'IPv6 upper case', s.ipv6.toUpperCase()),
    v('device', 'lower case', s.deviceId.toLowerCase()),
    v('account', 'as registered', s.accountId),
  ];
}

/** `2001:db8::1a0` → `2001:0db8:0000:0000:0000:0000:0000:01a0`. */
export function expandV6(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

/** Letter/digit runs shared by every subject (documentation prefixes, the e-mail domain): not evidence of a leak. */
const SHARED_PARTS = new Set(['example', '2001', '0db8', '0000', '1201']);

/**
 * True when some distinctive part of `variant` (a letter/digit run of ≥ 4 characters that is not
 * shared by every subject, e.g. the last four digits of a phone or one half of a name) is still a
 * whole word in `copy` (case folded): the value was protected only in part.
 */
export function isPartlyRaw(copy: string, variant: string): boolean {
  const words = new Set(copy.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  return variant
    .replace(ZW, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .some((w) => w.length >= 4 && !SHARED_PARTS.has(w) && words.has(w));
}

/** True when `copy` still holds `variant` (zero-width characters removed, case folded). */
export function isRaw(copy: string, variant: string): boolean {
  const fold = (x: string): string => x.replace(ZW, '').toLowerCase();
  return fold(copy).includes(fold(variant));
}

function sign(secret: string, body: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Registers `subjects` through signed intake (one report per subject, the subject as the reported account). */
export async function registerSubjects(url: string, env: NodeJS.ProcessEnv, subjects: readonly FakeSubject[], runTag: string): Promise<void> {
  const add = await runCommand([join(ROOT, 'bin/enclave'), 'integrations', 'add', '--name', `eval-${runTag}`], env, 120_000);
  if (add.code !== 0) throw new Error(`integrations add failed (${add.code}): ${add.stderr.trim()}`);
  const integ = JSON.parse(add.stdout.trim()) as { id: string; secret: string };
  for (const [i, s] of subjects.entries()) {
    const body = JSON.stringify({
      reportId: `ks-${runTag}-${i}`,
      category: 'harassment',
      text: 'Repeated unwanted messages from this account.',
      submittedAt: new Date().toISOString(),
      accounts: [{ role: 'reported', accountId: s.accountId, displayName: s.displayName, username: s.username, email: s.email, phone: s.phone, ipAddresses: [s.ipv4, s.ipv6], deviceIds: [s.deviceId] }],
    });
    const res = await fetch(`${url}/api/v1/intake/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-enclave-integration': integ.id, 'x-enclave-signature': sign(integ.secret, body) },
      body,
    });
    if (res.status !== 201) throw new Error(`intake of subject ${i} → ${res.status} ${(await res.text()).slice(0, 200)}`);
  }
}

/**
 * Writes every variant of every subject through every path into `channels` as A and reads each
 * copy back as B. `tick` is called once per variant and channel.
 */
export async function probeKnownSubjects(
  a: Api,
  b: Api,
  channels: Record<string, string>,
  subjects: readonly FakeSubject[],
  tick: () => void,
): Promise<KnownSubjectResult> {
  const result: KnownSubjectResult = { subjects: subjects.length, cells: new Map(), rawExamples: [] };
  const count = (ch: string, path: WritePath, vr: Variant, outcome: 'ok' | 'raw' | 'partly' | 'blocked' | 'failed'): void => {
    const key = `${ch}|${path}|${vr.field}`;
    const c = result.cells.get(key) ?? { tried: 0, raw: 0, partly: 0, blocked: 0, failed: 0 };
    c.tried++;
    if (outcome === 'raw') {
      c.raw++;
      if (result.rawExamples.length < 50) result.rawExamples.push(`${ch} · ${path} · ${vr.field} (${vr.form})`);
    } else if (outcome === 'partly') {
      c.partly++;
      if (result.rawExamples.length < 50) result.rawExamples.push(`${ch} · ${path} · ${vr.field} (${vr.form}), partly`);
    } else if (outcome === 'blocked') c.blocked++;
    else if (outcome === 'failed') c.failed++;
    result.cells.set(key, c);
  };
  for (const [ch, channelId] of Object.entries(channels)) {
    const root = await a.must<{ message: Message }>('POST', `/api/v1/channels/${channelId}/messages`, { text: 'Thread for the follow-ups of today.' });
    for (const s of subjects) {
      for (const vr of variants(s)) {
        const text = `please look at ${vr.text} again`;
        const judge = async (path: WritePath, write: () => Promise<{ status: number; id?: string }>, read: (id: string) => Promise<string | null>): Promise<void> => {
          const w = await write();
          if (w.status === 422) return count(ch, path, vr, 'blocked');
          if (w.status !== 200 && w.status !== 201) return count(ch, path, vr, 'failed');
          const copy = await read(w.id ?? '');
          if (copy === null) return count(ch, path, vr, 'failed');
          count(ch, path, vr, isRaw(copy, vr.text) ? 'raw' : isPartlyRaw(copy, vr.text) ? 'partly' : 'ok');
        };
        const post = async (body: Record<string, unknown>): Promise<{ status: number; id?: string }> => {
          const r = await a.call<{ message?: Message }>('POST', `/api/v1/channels/${channelId}/messages`, { body });
          return { status: r.status, id: r.json?.message?.id };
        };
        const readMessage = async (id: string, threadRootId?: string): Promise<string | null> => {
          const q = threadRootId ? `?threadRootId=${threadRootId}&limit=200` : '?limit=50';
          const r = await b.call<{ messages: Message[] }>('GET', `/api/v1/channels/${channelId}/messages${q}`);
          return r.json?.messages.find((m) => m.id === id)?.text ?? null;
        };
        await judge('post', () => post({ text }), (id) => readMessage(id));
        await judge('thread reply', () => post({ text, threadRootId: root.message.id }), (id) => readMessage(id, root.message.id));
        await judge(
          'edit',
          async () => {
            const draft = await post({ text: 'draft, details follow' });
            if (draft.status !== 201 || !draft.id) return draft;
            const r = await a.call('PATCH', `/api/v1/messages/${draft.id}`, { body: { text } });
            return { status: r.status, id: draft.id };
          },
          (id) => readMessage(id),
        );
        await judge(
          'topic',
          async () => ({ status: (await a.call('PATCH', `/api/v1/channels/${channelId}`, { body: { topic: text } })).status }),
          async () => (await b.call<{ topic: string | null }>('GET', `/api/v1/channels/${channelId}`)).json?.topic ?? null,
        );
        tick();
      }
    }
  }
  return result;
}

/** Markdown table: one row per channel × path, columns per field (raw / tried), then totals. */
export function renderKnownSubjects(r: KnownSubjectResult, command: string): string {
  const fields = [...new Set([...r.cells.keys()].map((k) => k.split('|')[2] as string))];
  const rows = [...new Set([...r.cells.keys()].map((k) => k.split('|').slice(0, 2).join('|')))];
  const lines = [
    '## Known-subject leak rate',
    '',
    `\`${command}\` — ${r.subjects} subjects registered through signed intake; their values retyped (phone formats, e-mail case and zero-width characters, names in any case / "Last, First" / diacritics folded, usernames with and without @, IPv6 expanded) by a colleague not assigned to their cases. Cell: raw / tried (target 0 raw on every path); "partly" = some distinctive part (≥ 4 letters/digits, e.g. a phone's last four digits or one half of a name) left readable; blocked (422) and failed writes counted apart.`,
    '',
    `| channel | path | ${fields.join(' | ')} | raw | partly | blocked | failed |`,
    `| --- | --- | ${fields.map(() => '---').join(' | ')} | --- | --- | --- | --- |`,
  ];
  let raw = 0;
  let partly = 0;
  let tried = 0;
  for (const row of rows) {
    const [ch, path] = row.split('|');
    let rr = 0;
    let pr = 0;
    let bl = 0;
    let fl = 0;
    const cells = fields.map((f) => {
      const c = r.cells.get(`${row}|${f}`);
      if (!c) return '–';
      rr += c.raw;
      pr += c.partly;
      bl += c.blocked;
      fl += c.failed;
      tried += c.tried;
      return `${c.raw} / ${c.tried}`;
    });
    raw += rr;
    partly += pr;
    lines.push(`| ${ch} | ${path} | ${cells.join(' | ')} | ${rr} | ${pr} | ${bl} | ${fl} |`);
  }
  lines.push('', `Overall: ${raw} raw of ${tried} (${tried ? ((100 * raw) / tried).toFixed(2) : '0.00'} %); partly raw: ${partly}.`);
  if (r.rawExamples.length) lines.push('', 'Raw or partly raw (channel · path · field (form)):', '', ...r.rawExamples.map((e) => `- ${e}`));
  return `${lines.join('\n')}\n`;
}
