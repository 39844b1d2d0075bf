/**
 * Markdown of the real-input evaluation: the summary (`eval/results/e2e-latest.md`) and the
 * review list of altered unlabeled chat (`eval/results/e2e-review.md`). Neither contains a
 * labeled value or a posted text: only counts, types, statuses, and for unlabeled chat the
 * stored (tokenized) text.
 */
import type { EditProbe } from './edits.ts';
import type { CaseResult } from './field-cases.ts';
import type { SearchProbe } from './read.ts';
import type { ScenarioResult } from './scenarios.ts';
import type { ChannelScore, LeakCounts } from './score.ts';
import type { UnlabeledScore } from './unlabeled.ts';

/** Everything the run measured. */
export interface Results {
  startedAt: string;
  finishedAt: string;
  load: [number[], number[]];
  limit: number | null;
  messageRate: number;
  logLevel: string;
  inputs: { presidio: number; enron: number; cases: number; chat: number };
  postSeconds: number;
  posts: number;
  streamed: number;
  stored: number;
  team: ChannelScore;
  broad: ChannelScore;
  cases: CaseResult[];
  unlabeled: UnlabeledScore;
  search: SearchProbe;
  edits: EditProbe;
  scenarios: ScenarioResult[];
  log: { bytes: number; needles: number; hits: Record<string, number>; control: boolean };
  audit: { status: number; bytes: number; hits: Record<string, number> | null };
  chatHistory: number;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`);
const mark = (ok: boolean): string => (ok ? 'pass' : '**FAIL**');
const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

function leakRows(s: ChannelScore): string[] {
  const rows = Object.entries(s.byType).sort((a, b) => b[1].values - a[1].values);
  const line = (name: string, c: LeakCounts): string =>
    `| ${name} | ${c.values} | ${c.blocked} | ${c.raw} | ${pct(c.raw, c.values)} | ${c.partial} | ${pct(c.raw + c.partial, c.values)} |`;
  const noLoc = rows.filter(([t]) => t !== 'LOCATION').reduce((a, [, c]) => ({ values: a.values + c.values, raw: a.raw + c.raw, partial: a.partial + c.partial, blocked: a.blocked + c.blocked }), { values: 0, raw: 0, partial: 0, blocked: 0 });
  return [
    '| entity type | values | in blocked msgs | raw | leak rate | partly raw | raw or partly |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(([t, c]) => line(t, c)),
    line('**all**', s.overall),
    line('all except LOCATION', noLoc),
    ...Object.entries(s.byDataset).map(([d, c]) => line(`all, ${d} only`, c)),
  ];
}

/** The summary markdown. */
export function renderSummary(r: Results): string {
  const t = r.team;
  const b = r.broad;
  const overRate = t.over.outside ? t.over.replaced / t.over.outside : 0;
  const chatPosted = Object.values(r.unlabeled.bySource).reduce((a, x) => a + x.stored, 0);
  const chatAltered = Object.values(r.unlabeled.bySource).reduce((a, x) => a + x.altered, 0);
  const searchRaw = sum(r.search.rawByType);
  const logHits = sum(r.log.hits);
  const logValueHits = Object.entries(r.log.hits).filter(([k]) => k.startsWith('value:')).reduce((a, [, n]) => a + n, 0);
  const scenOk = (s: ScenarioResult): boolean => s.checks.every((c) => c.ok);
  const out: string[] = [
    '# eval:e2e — real-input privacy evaluation',
    '',
    `Run ${r.startedAt} → ${r.finishedAt}; load average ${r.load[0].map((x) => x.toFixed(1)).join(' ')} at start, ${r.load[1].map((x) => x.toFixed(1)).join(' ')} at end (shared 2-core box).`,
    `Inputs: ${r.inputs.presidio} presidio-synth records, ${r.inputs.enron} Enron messages (threads split at ≤ 40,000 chars), ${r.inputs.cases} field reports, ${r.inputs.chat} unlabeled chat messages${r.limit ? ` (--limit ${r.limit})` : ''}.`,
    `Each labeled input posted by agent A to a team channel (private, 2 members) and a broad channel (public); read by agent B via history, the WebSocket stream and search. Server: \`bin/enclave serve\`, temp SQLite, \`LOG_LEVEL=${r.logLevel}\`, \`ENCLAVE_MESSAGE_RATE=${r.messageRate}\` (raised from 30/10 s so one author can post the whole set). ${r.posts} posts in ${r.postSeconds.toFixed(0)} s; ${r.stored} stored; ${r.streamed} \`message.created\` frames received by B.`,
    '',
    '## Targets',
    '',
    '| measure | figure | target | |',
    '| --- | ---: | ---: | --- |',
    `| leak rate, team channel (values fully raw, any path) | ${pct(t.overall.raw, t.overall.values)} (${t.overall.raw}/${t.overall.values}) | ≤ 1% | ${mark(t.overall.values > 0 && t.overall.raw / t.overall.values <= 0.01)} |`,
    `| leak rate, broad channel (stored with value raw) | ${pct(b.overall.raw, b.overall.values)} (${b.overall.raw}/${b.overall.values}) | 0% | ${mark(b.overall.values > 0 && b.overall.raw === 0)} |`,
    `| over-protection, labeled sets (words outside labels replaced) | ${pct(t.over.replaced, t.over.outside)} (${t.over.replaced}/${t.over.outside}) | ≤ 2% | ${mark(t.over.outside > 0 && overRate <= 0.02)} |`,
    `| unlabeled chat messages altered | ${pct(chatAltered, chatPosted)} (${chatAltered}/${chatPosted}) | review | see e2e-review.md |`,
    `| labeled values in the server log | ${logValueHits} | 0 | ${mark(logValueHits === 0 && r.log.control)} |`,
    `| message body fragments in the server log | ${logHits - logValueHits} | 0 | ${mark(logHits === logValueHits)} |`,
    `| labeled values in the privacy officer's audit export | ${r.audit.hits ? sum(r.audit.hits) : 'n/a'} | 0 | ${mark(r.audit.hits !== null && sum(r.audit.hits) === 0)} |`,
    `| search: sampled values found raw in results | ${searchRaw}/${r.search.queries} | — | (included as a path; not in the leak rate above) |`,
    `| deleted messages still showing a value (message or history body) | ${r.edits.deletedWithValue}/${r.edits.deleted} | 0 | ${mark(r.edits.deleted > 0 && r.edits.deletedWithValue === 0)} |`,
    `| chat-leak scenarios passed | ${r.scenarios.filter(scenOk).length}/${r.scenarios.length} | all | ${mark(r.scenarios.length > 0 && r.scenarios.every(scenOk))} |`,
    `| field reports, team channel | ${r.cases.filter((c) => c.team.ok).length}/${r.cases.length} | all | ${mark(r.cases.every((c) => c.team.ok))} |`,
    `| field reports, broad channel | ${r.cases.filter((c) => c.broad.ok).length}/${r.cases.length} | all | ${mark(r.cases.every((c) => c.broad.ok))} |`,
    '',
    '"raw" = no character of the labeled value was replaced in the copy B got (history or stream); "partly raw" = some letter/digit of it stayed (e.g. one word of a multi-span address). LOCATION comes from presidio GPE labels (bare city/country names), shown apart because the product only protects places with context.',
    '',
    '## Team channel (tokenize): leaks per entity type',
    '',
    ...leakRows(t),
    '',
    `Paths: raw in history ${t.rawByPath.history ?? 0}, in stream ${t.rawByPath.stream ?? 0}; stored messages missing from history ${t.missing.history ?? 0}, from stream ${t.missing.stream ?? 0}; copies differing from the POST answer: history ${t.differing.history ?? 0}, stream ${t.differing.stream ?? 0}; stored texts not alignable with the posted text: ${t.unaligned}. Posts failed: ${JSON.stringify(t.failed)}.`,
    '',
    '## Broad channel (block): outcome',
    '',
    `${b.messages} messages: ${b.blocked} blocked (422), ${b.stored} stored, failed ${JSON.stringify(b.failed)}. Blocked messages by finding type (a message counts once per type):`,
    '',
    '| type | blocked messages |',
    '| --- | ---: |',
    ...Object.entries(b.blockedByType).sort((x, y) => y[1] - x[1]).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...leakRows(b),
    '',
    '## Over-protection (team channel)',
    '',
    'Words = runs of letters/digits; words inside any label (also non-personal labels such as ORGANIZATION or DATE_TIME, and Enron pronoun/ORG/LOC mentions) are left out. The generated R27 input is left out.',
    '',
    '| dataset | words outside labels | replaced | rate |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(t.overByDataset).map(([k, v]) => `| ${k} | ${v.outside} | ${v.replaced} | ${pct(v.replaced, v.outside)} |`),
    '',
    `Replaced outside labels by placeholder type: ${Object.entries(t.over.byType).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}. (Enron labels only people and e-mail mentions: phone numbers and places there count as over-protection although many are personal data.)`,
    '',
    '## Unlabeled real chat (team channel)',
    '',
    '| source | posted | stored | altered | share |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...Object.entries(r.unlabeled.bySource).map(([k, v]) => `| ${k} | ${v.posted} | ${v.stored} | ${v.altered} | ${pct(v.altered, v.stored)} |`),
    '',
    `Placeholders by type: ${Object.entries(r.unlabeled.byType).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}. Examples for review: \`eval/results/e2e-review.md\`.`,
    '',
    '## Search (as B)',
    '',
    `${r.search.queries} queries for sampled labeled values (6+ chars; query = its first words), ${r.search.errors} errors. Values found raw in some result, by type: ${Object.entries(r.search.sampledByType).map(([k, v]) => `${k} ${r.search.rawByType[k] ?? 0}/${v}`).join(', ')}.`,
    '',
    '## Edits and deletes (team channel)',
    '',
    `${r.edits.edited} messages posted as a neutral draft and edited into a labeled text (${r.edits.values} personal-data values); failures ${JSON.stringify(r.edits.failed)}. Values raw per path: PATCH answer to the author ${r.edits.rawByPath.patch}, B's GET ${r.edits.rawByPath.get}, last history version ${r.edits.rawByPath.history}, \`message.updated\` frame ${r.edits.rawByPath.stream} (${pct(r.edits.rawByPath.history ?? 0, r.edits.values)} in history; same detector as new posts, so compare with the team leak rate). Deleted afterwards: ${r.edits.deleted}; with a value (5+ chars) still in B's message or history body: ${r.edits.deletedWithValue}.`,
    '',
    '## Field reports',
    '',
    '| case | kind | team channel | broad channel | POST ms |',
    '| --- | --- | --- | --- | ---: |',
    ...r.cases.map((c) => `| ${c.id} | ${c.kind} | ${c.team.ok ? 'pass' : `**FAIL**: ${c.team.detail}`} | ${c.broad.ok ? `pass: ${c.broad.detail}` : `**FAIL**: ${c.broad.detail}`} | ${c.postMs.toFixed(0)} |`),
    '',
    'R27 is posted at the largest repeat count that fits in 40,000 characters.',
    '',
    '## Chat-leak scenarios',
    '',
    ...r.scenarios.flatMap((s) => [
      `### ${s.id} (${s.kind}): ${scenOk(s) ? 'pass' : '**FAIL**'}`,
      '',
      '| check | result | detail |',
      '| --- | --- | --- |',
      ...s.checks.map((c) => `| ${c.name} | ${mark(c.ok)} | ${c.detail} |`),
      '',
    ]),
    '## Server log and audit export',
    '',
    `Log: ${(r.log.bytes / 1024).toFixed(0)} KiB scanned for ${r.log.needles} strings (labeled values and one body stretch of ≥ 24 chars per message; strings under 5 chars skipped). Hits by kind and place: ${JSON.stringify(r.log.hits)}. Positive control (the posting route's pattern \`/api/v1/channels/:id/messages\`, present in access log lines, must be found): ${r.log.control ? 'found' : '**NOT found: the scan is broken**'}.`,
    `Audit export as privacy officer: HTTP ${r.audit.status}, ${(r.audit.bytes / 1024).toFixed(0)} KiB; hits: ${r.audit.hits ? JSON.stringify(r.audit.hits) : 'not scanned'}.`,
    '',
  ];
  return `${out.join('\n')}\n`;
}

/** The review list of altered unlabeled chat (stored, tokenized text only). */
export function renderReview(r: Results): string {
  const esc = (x: string): string => x.replace(/\|/g, '\\|').replace(/\n/g, ' ⏎ ').slice(0, 300);
  return [
    '# eval:e2e — altered unlabeled chat messages, for review',
    '',
    `Run ${r.startedAt}. Sample of ${r.unlabeled.examples.length} altered messages (of ${Object.values(r.unlabeled.bySource).reduce((a, x) => a + x.altered, 0)}), spread over the run. Only the stored text is shown (placeholders in place of what the server tokenized) with the entity types; judge from the surrounding words whether the placeholder hid personal data or ordinary words.`,
    '',
    '| key | entity types | stored text |',
    '| --- | --- | --- |',
    ...r.unlabeled.examples.map((e) => `| ${e.key} | ${e.types.join(', ')} | ${esc(e.stored)} |`),
    '',
  ].join('\n');
}
