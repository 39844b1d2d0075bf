/**
 * Exit path "notifications" (issue 12): every labeled input is posted by A into a channel with
 * D, an away member, and mentions D (`@Eval D …`), so each stored message makes a notification
 * and D's mentions go out by e-mail (the server's SMTP points at an in-process SMTP server).
 * Then every labeled value is looked for in everything D was notified with: the in-app list
 * (`GET /notifications`, all pages), D's `notification.*` stream frames, and every e-mail D got.
 * A hit is counted as "carried" when the value is also in the stored message text (the guard
 * missed it, so it is in the channel too: the channel's leak rate counts it) and as
 * "notification only" otherwise — the figure this exit path must keep at 0. E-mails run with the
 * default setting (no message text), so any value there is a leak.
 */
import type { Api } from './api.ts';
import { StreamReader, sleep } from './api.ts';
import type { LabeledDoc } from './corpus.ts';
import { findNeedles } from './log-scan.ts';
import { postAll } from './post.ts';
import { addUser, type ServerProc } from './procs.ts';
import type { TestSmtp } from '../../server/src/test/smtp.ts';

/** Figures of the notification exit path. */
export interface NotifyResult {
  posted: number;
  stored: number;
  blocked: number;
  values: number;
  inApp: number;
  streamFrames: number;
  emails: number;
  hits: { inApp: number; stream: number; email: number };
  carried: number;
  notificationOnly: number;
  seconds: number;
}

function decodedMail(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Runs the probe over the first `n` labeled inputs (A posts; D is away with a stream open). */
export async function probeNotifications(
  server: ServerProc,
  a: Api,
  apiFor: (token: string) => Api,
  smtp: TestSmtp,
  labeled: readonly LabeledDoc[],
  n: number,
  concurrency: number,
  tick: () => void,
): Promise<NotifyResult> {
  const t0 = performance.now();
  const du = await addUser(server.env, { email: 'eval-d@example.com', name: 'Eval D', role: 'agent' });
  const d = apiFor(du.apiToken);
  const ch = await a.must<{ id: string }>('POST', '/api/v1/channels', { name: 'eval-notify', visibility: 'private' });
  await a.must('POST', `/api/v1/channels/${ch.id}/members`, { userId: du.id });
  const stream = await StreamReader.open(server.url, du.apiToken);
  await d.must('PUT', '/api/v1/presence', { status: 'away' });
  const docs = labeled.slice(0, n);
  const posts = await postAll(a, docs.map((x) => ({ key: `n-${x.key}`.slice(0, 64), channelId: ch.id, text: `@Eval D ${x.text}` })), concurrency, tick);
  const stored = [...posts.values()].filter((p) => p.status === 201);
  // Every stored message notifies D once; then the e-mail batches go (window + poll).
  for (let i = 0; i < 600; i++) {
    const page = await d.must<{ unread: number }>('GET', '/api/v1/notifications?limit=1');
    if (page.unread >= stored.length) break;
    await sleep(500);
  }
  let seen = -1;
  for (let quiet = 0; quiet < 8; ) {
    await sleep(1000);
    const now = smtp.mails.filter((m) => m.to.includes(du.email)).length;
    quiet = now > 0 && now === seen ? quiet + 1 : 0;
    seen = now;
    if (performance.now() - t0 > 30 * 60_000) break;
  }
  const inApp: unknown[] = [];
  let before = '';
  for (;;) {
    const page = await d.must<{ notifications: Array<{ id: string }>; hasMore: boolean }>('GET', `/api/v1/notifications?limit=100${before ? `&before=${before}` : ''}`);
    inApp.push(...page.notifications);
    const last = page.notifications.at(-1);
    if (!page.hasMore || !last) break;
    before = last.id;
  }
  await stream.close();
  const frames = stream.frames.filter((f) => f.type?.startsWith('notification.'));
  const mails = smtp.mails.filter((m) => m.to.includes(du.email)).map((m) => decodedMail(m.raw));
  const hay = { inApp: JSON.stringify(inApp), stream: frames.map((f) => JSON.stringify(f)).join('\n'), email: mails.join('\n') };
  const storedText = stored.map((p) => p.message?.text ?? '').join('\n');
  const needles: string[] = [];
  for (const x of docs) for (const l of x.labels) if (l.type) needles.push(x.text.slice(l.start, l.end));
  const hits = { inApp: 0, stream: 0, email: 0 };
  const hitValues = new Set<number>();
  for (const k of ['inApp', 'stream', 'email'] as const) {
    for (const i of findNeedles(hay[k], needles)) {
      hits[k] += 1;
      hitValues.add(i);
    }
  }
  const carriedIdx = new Set(findNeedles(storedText, needles));
  let carried = 0;
  for (const i of hitValues) if (carriedIdx.has(i)) carried += 1;
  return {
    posted: docs.length,
    stored: stored.length,
    blocked: [...posts.values()].filter((p) => p.status === 422).length,
    values: needles.length,
    inApp: inApp.length,
    streamFrames: frames.length,
    emails: mails.length,
    hits,
    carried,
    notificationOnly: hitValues.size - carried,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The markdown section. */
export function renderNotify(r: NotifyResult): string {
  return [
    '## Notifications exit path (issue 12)',
    '',
    `A posted ${r.posted} labeled inputs, each mentioning D (away, stream open) in a private channel: ${r.stored} stored, ${r.blocked} blocked. ` +
      `Checked ${r.values} labeled values against ${r.inApp} in-app entries, ${r.streamFrames} \`notification.*\` stream frames and ${r.emails} e-mails (default setting: no message text). ${r.seconds.toFixed(0)} s.`,
    '',
    '| where | values found |',
    '| --- | --- |',
    `| in-app list | ${r.hits.inApp} |`,
    `| stream frames | ${r.hits.stream} |`,
    `| e-mails | ${r.hits.email} |`,
    `| distinct values found, also in the stored message (guard miss, counted in the channel leak rate) | ${r.carried} |`,
    `| **distinct values found only in notifications** | **${r.notificationOnly}** |`,
    '',
  ].join('\n');
}
