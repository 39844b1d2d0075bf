/**
 * `npm run eval:e2e [-- --limit N] [--concurrency K] [--search N] [--chat N] [--notify N] [--notify-only] [--log-level L] [--keep]`:
 * Enclave's real-input privacy evaluation (issue 4, "Real-input evaluation").
 *
 * Starts the real server on a temp SQLite folder (log captured to a file), creates agents A
 * (writer) and B (reader), C (removed member) and a privacy officer, then as A posts every
 * labeled input of `../shared/data` into a team channel (private) and a broad one (public), and
 * a sample of unlabeled real chat into another team channel. As B it reads the stream (open the
 * whole time), the history and search; as the privacy officer the audit export. Then the
 * `chat-leak` field-report scenarios, the notification exit path (`notify.ts`: labeled inputs
 * mentioning an away member, every in-app entry, stream frame and e-mail — received by an SMTP
 * server in-process — searched for every value), and at the end a scan of the server log for every value.
 * Prints ONE markdown summary and writes it to `eval/results/e2e-latest.md`; the review list of
 * altered unlabeled messages goes to `eval/results/e2e-review.md`. Progress on stderr.
 * Exit: 0 completed (whatever the figures), 1 harness error, 2 data folder absent or bad usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { StreamReader } from './api.ts';
import { dataDir, loadEnron, loadFieldReports, loadPresidio, loadUnlabeled, type LabeledDoc } from './corpus.ts';
import { probeEdits } from './edits.ts';
import { checkCases } from './field-cases.ts';
import { findNeedles, locate } from './log-scan.ts';
import { fakeSubjects, probeKnownSubjects, registerSubjects, renderKnownSubjects, variants } from './known-subjects.ts';
import { probeOverride, renderOverride } from './override.ts';
import { probeNotifications, renderNotify } from './notify.ts';
import { Api } from './api.ts';
import { startSmtp, type TestSmtp } from '../../server/src/test/smtp.ts';
import { postAll, type PostJob } from './post.ts';
import { cleanup, cleanupOnSignals, keepTempDirs, ROOT, serverEnv, stop } from './procs.ts';
import { awaitFrames, byClientId, probeSearch, streamCopies } from './read.ts';
import { renderReview, renderSummary, type Results } from './report.ts';
import { errorPaths, logCheck, removedMember, type ScenarioResult } from './scenarios.ts';
import { scoreChannel } from './score.ts';
import { EVAL_MESSAGE_RATE, openSession, type Session } from './session.ts';
import { scoreUnlabeled } from './unlabeled.ts';

const log = (m: string): void => void process.stderr.write(`[eval:e2e ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

function bar(label: string, total: number): cliProgress.SingleBar {
  const b = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label.padEnd(22)} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: false, clearOnComplete: false, etaBuffer: 200, noTTYOutput: true, notTTYSchedule: 10_000 },
    cliProgress.Presets.shades_classic,
  );
  b.start(total, 0);
  return b;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      limit: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      search: { type: 'string', default: '300' },
      chat: { type: 'string', default: '3000' },
      edits: { type: 'string', default: '100' },
      override: { type: 'string', default: '100' },
      'log-level': { type: 'string', default: 'info' },
      keep: { type: 'boolean' },
      subjects: { type: 'string', default: '20' },
      'known-subjects-only': { type: 'boolean' },
      notify: { type: 'string', default: '300' },
      'notify-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: npm run eval:e2e -- [--limit N] [--concurrency K] [--search N] [--chat N] [--edits N] [--override N] [--log-level info|debug] [--keep] [--subjects N] [--known-subjects-only] [--notify N] [--notify-only]\n  --notify N  labeled inputs posted mentioning an away member for the notification exit path (default 300)\n  --notify-only  run only the notification exit path\n  --keep  leave the temp folder (database, server log) in place\n  --subjects N  known subjects registered through intake (default 20, at most 100)\n  --known-subjects-only  run only the known-subject leak rate (no ../shared/data needed)\n');
    return 0;
  }
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
    return n;
  };
  const limit = num(values.limit, 'limit');
  const concurrency = num(values.concurrency, 'concurrency') as number;
  const chatN = Math.min(num(values.chat, 'chat') as number, limit ?? Infinity);
  const searchN = Math.min(num(values.search, 'search') as number, limit ?? Infinity);
  const editN = Math.min(num(values.edits, 'edits') as number, limit ?? Infinity);
  const overrideN = Math.min(num(values.override, 'override') as number, limit ?? Infinity);
  const subjectN = Math.min(num(values.subjects, 'subjects') as number, 100);
  const notifyN = Math.min(num(values.notify, 'notify') as number, limit ?? Infinity);
  if (values['known-subjects-only']) {
    cleanupOnSignals();
    if (values.keep) keepTempDirs();
    log(`known subjects only: starting the server…`);
    const s = await openSession(values['log-level'] as string);
    const md = await knownSubjects(s, subjectN, `npm run eval:e2e -- --known-subjects-only --subjects ${subjectN}`);
    await stop(s.server.child);
    mkdirSync(join(ROOT, 'eval/results'), { recursive: true });
    writeFileSync(join(ROOT, 'eval/results/e2e-known-subjects.md'), md);
    process.stdout.write(md);
    return 0;
  }
  const dir = dataDir(ROOT);
  if (!dir) {
    process.stderr.write('eval:e2e: ../shared/data is absent (expected next to the repository): nothing to evaluate\n');
    return 2;
  }
  cleanupOnSignals();
  if (values.keep) keepTempDirs();
  const cap = <T>(xs: T[]): T[] => (limit ? xs.slice(0, limit) : xs);
  const labeled: LabeledDoc[] = [
    ...cap(loadPresidio(dir, 'synth_dataset_v2.json', 'synth-v2')),
    ...cap(loadPresidio(dir, 'generated_small.json', 'gen-small')),
    ...cap(loadEnron(dir)),
    ...loadFieldReports(dir),
  ];
  const chat = loadUnlabeled(dir, chatN);
  const startedAt = new Date();
  const load0 = loadavg();
  log(`inputs: ${labeled.length} labeled messages, ${chat.length} unlabeled chat messages; starting the server…`);
  smtp = await startSmtp();
  const s = await openSession(values['log-level'] as string, smtpEnv(smtp));
  log(`server ${s.server.url}, log ${s.server.logFile}`);
  if (values['notify-only']) {
    const md = await notifications(s, smtp, labeled, notifyN, concurrency);
    await stop(s.server.child);
    mkdirSync(join(ROOT, 'eval/results'), { recursive: true });
    writeFileSync(join(ROOT, 'eval/results/e2e-notifications.md'), md);
    process.stdout.write(md);
    return 0;
  }
  const stream = await StreamReader.open(s.server.url, s.b.token);

  const jobs: PostJob[] = [];
  for (const d of labeled) {
    jobs.push({ key: d.key, channelId: s.channels.team, text: d.text });
    jobs.push({ key: d.key, channelId: s.channels.broad, text: d.text });
  }
  for (const l of chat) jobs.push({ key: l.key, channelId: s.channels.chat, text: l.text });
  const pb = bar('posting as A', jobs.length);
  const t0 = performance.now();
  const posts = await postAll(s.a, jobs, concurrency, () => pb.increment());
  pb.stop();
  const postSeconds = (performance.now() - t0) / 1000;
  const storedCount = [...posts.values()].filter((p) => p.status === 201).length;
  log(`posted ${jobs.length} in ${postSeconds.toFixed(0)} s; waiting for the stream…`);
  const streamed = await awaitFrames(stream, storedCount, 60_000);

  const rb = bar('reading as B', 3);
  const history = {
    team: byClientId(await s.b.history(s.channels.team)),
    broad: byClientId(await s.b.history(s.channels.broad)),
  };
  rb.update(2);
  const chatHistory = await s.b.history(s.channels.chat);
  rb.update(3);
  rb.stop();
  const team = scoreChannel(labeled, s.channels.team, posts, { history: history.team, stream: streamCopies(stream, s.channels.team) });
  const broad = scoreChannel(labeled, s.channels.broad, posts, { history: history.broad, stream: streamCopies(stream, s.channels.broad) });
  const cases = checkCases(labeled, { id: s.channels.team, score: team, posts }, { id: s.channels.broad, score: broad, posts });
  const unlabeled = scoreUnlabeled(chat, s.channels.chat, posts, 200);

  const sb = bar('searching as B', Math.min(searchN, labeled.length * 4));
  const search = await probeSearch(s.b, labeled, searchN, () => sb.increment());
  sb.stop();

  const eb = bar('edits and deletes', Math.min(editN, labeled.length));
  const edits = await probeEdits(s.a, s.b, stream, s.channels.team, labeled, editN, () => eb.increment());
  eb.stop();

  const overrideChannel = (await s.a.must<{ id: string }>('POST', '/api/v1/channels', { name: 'eval-override', visibility: 'public' })).id;
  await s.b.must('POST', `/api/v1/channels/${overrideChannel}/members`, { userId: s.ids.b });
  const ob = bar('override path', Math.min(overrideN, labeled.length * 4));
  const override = await probeOverride(s.a, s.b, s.po, overrideChannel, labeled, overrideN, () => ob.increment());
  ob.stop();

  const knownMd = await knownSubjects(s, subjectN, `npm run eval:e2e${limit ? ` -- --limit ${limit}` : ''}`);
  const notifyMd = await notifications(s, smtp, labeled, notifyN, concurrency);

  log('audit export as the privacy officer…');
  const auditExport = await s.po.call('GET', '/api/v1/audit/export');

  log('chat-leak scenarios…');
  const scenarios: ScenarioResult[] = [];
  for (const d of labeled) {
    const r = d.report;
    if (!r?.kind.startsWith('chat-leak')) continue;
    if (r.kind === 'chat-leak:permissions') scenarios.push(await removedMember(s, r));
    else if (r.kind === 'chat-leak:logs') scenarios.push(await errorPaths(s, r));
    else scenarios.push({ id: r.id, kind: r.kind, checks: [{ name: 'scenario implemented', ok: false, detail: 'no implementation for this kind' }] });
  }
  await stream.close();
  log('stopping the server and scanning its log…');
  await stop(s.server.child);
  await new Promise((r) => setTimeout(r, 300));
  const serverLog = readFileSync(s.server.logFile, 'utf8');
  for (const sc of scenarios) {
    const r = labeled.find((d) => d.report?.id === sc.id)?.report;
    if (r) sc.checks.push(logCheck(serverLog, r));
  }

  // Every labeled personal-data value posted, and one stretch of unlabeled body text per message.
  const needles: Array<{ text: string; what: string }> = [];
  for (const d of labeled) {
    for (const l of d.labels) if (l.type) needles.push({ text: d.text.slice(l.start, l.end), what: `value:${l.type}` });
    let best = '';
    let at = 0;
    for (const l of [...d.labels, { start: d.text.length, end: d.text.length }]) {
      const seg = d.text.slice(at, l.start).trim();
      if (seg.length > best.length) best = seg;
      at = Math.max(at, l.end);
    }
    if (best.length >= 24) needles.push({ text: best.slice(0, 80), what: `body:${d.dataset}` });
  }
  // Hits keyed by kind and where they sit (JSON key path and log message), never the value.
  const countHits = (hay: string): Record<string, number> => {
    const hits: Record<string, number> = {};
    for (const i of findNeedles(hay, needles.map((n) => n.text))) {
      const n = needles[i] as { text: string; what: string };
      const w = `${n.what} @ ${locate(hay, n.text)}`;
      hits[w] = (hits[w] ?? 0) + 1;
    }
    return hits;
  };
  const logHits = countHits(serverLog);
  // Positive control: access log lines carry route patterns (never ids or values since issue 7), so
  // the posting route's pattern must be found by the same scan.
  const logControl = findNeedles(serverLog, ['/api/v1/channels/:id/messages']).length === 1;
  const auditHits = auditExport.status === 200 ? countHits(auditExport.body) : null;

  const results: Results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    load: [load0, loadavg()],
    limit: limit ?? null,
    messageRate: EVAL_MESSAGE_RATE,
    logLevel: values['log-level'] as string,
    inputs: {
      presidio: labeled.filter((d) => d.dataset === 'presidio-synth').length,
      enron: labeled.filter((d) => d.dataset === 'enron').length,
      cases: labeled.filter((d) => d.dataset === 'field-reports').length,
      chat: chat.length,
    },
    postSeconds,
    posts: jobs.length,
    streamed,
    stored: storedCount,
    team,
    broad,
    cases,
    unlabeled,
    search,
    edits,
    scenarios,
    log: { bytes: Buffer.byteLength(serverLog), needles: needles.length, hits: logHits, control: logControl },
    audit: { status: auditExport.status, bytes: auditExport.body.length, hits: auditHits },
    chatHistory: chatHistory.length,
  };
  const md = `${renderSummary(results)}\n${renderOverride(override)}\n${knownMd}\n${notifyMd}`;
  mkdirSync(join(ROOT, 'eval/results'), { recursive: true });
  writeFileSync(join(ROOT, 'eval/results/e2e-latest.md'), md);
  writeFileSync(join(ROOT, 'eval/results/e2e-review.md'), renderReview(results));
  process.stdout.write(md);
  return 0;
}

/** The SMTP server of the notification probe (closed when the run ends). */
let smtp: TestSmtp | undefined;

function smtpEnv(server: TestSmtp): Record<string, string> {
  return { ENCLAVE_SMTP_URL: server.url, ENCLAVE_EMAIL_BATCH_SECONDS: '2' };
}

/** The notification exit path over the first `n` labeled inputs; returns the markdown section. */
async function notifications(s: Session, server: TestSmtp, labeled: LabeledDoc[], n: number, concurrency: number): Promise<string> {
  const nb = bar('notifications', Math.min(n, labeled.length));
  const r = await probeNotifications(s.server, s.a, (token) => new Api(s.server.url, token), server, labeled, n, concurrency, () => nb.increment());
  nb.stop();
  log(`notifications: ${r.notificationOnly} values only in notifications, ${r.hits.email} in e-mails`);
  return renderNotify(r);
}

/** Registers `n` fake subjects through signed intake and measures the known-subject leak rate; returns the markdown table. */
async function knownSubjects(s: Session, n: number, command: string): Promise<string> {
  const tag = Date.now().toString(36);
  const subjects = fakeSubjects(n, tag);
  log(`registering ${subjects.length} known subjects through signed intake…`);
  await registerSubjects(s.server.url, serverEnv(s.dir), subjects, tag);
  const ks = bar('known subjects', subjects.length * (subjects[0] ? variants(subjects[0]).length : 0) * 2);
  const r = await probeKnownSubjects(s.a, s.b, { team: s.channels.team, broad: s.channels.broad }, subjects, () => ks.increment());
  ks.stop();
  return renderKnownSubjects(r, command);
}

class UsageError extends Error {}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`eval:e2e: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanup();
    process.exit(err instanceof UsageError ? 2 : 1);
  });
