/**
 * `exposure.html`: one self-contained page (no script, no external resource) with inline-SVG bar
 * charts of an {@link ExposureReport}. Every text is HTML-escaped; the report holds no raw value,
 * only types, counts, Slack user ids and masked samples.
 */
import type { ExposureReport } from './exposure.ts';

/** HTML-escapes text for element content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}

/** One horizontal bar chart as inline SVG; `rows` are label/value pairs, drawn in the given order. */
export function barChart(title: string, rows: ReadonlyArray<readonly [string, number]>, opts: { unit?: string; max?: number } = {}): string {
  const shown = rows.slice(0, opts.max ?? 20);
  if (shown.length === 0) return `<section><h3>${esc(title)}</h3><p class="none">Nothing to show.</p></section>`;
  const top = Math.max(1, ...shown.map((r) => r[1]));
  const bar = 22;
  const labelW = 220;
  const width = 760;
  const height = shown.length * bar + 8;
  const bars = shown
    .map(([label, value], i) => {
      const y = i * bar + 4;
      const w = Math.max(1, Math.round(((width - labelW - 90) * value) / top));
      const shortLabel = label.length > 34 ? `${label.slice(0, 33)}…` : label;
      return (
        `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(shortLabel)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${w}" height="${bar - 6}" rx="3"><title>${esc(label)}: ${esc(value)}</title></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 15}">${esc(value.toLocaleString('en-US'))}${opts.unit ? ` ${esc(opts.unit)}` : ''}</text>`
      );
    })
    .join('');
  return `<section><h3>${esc(title)}</h3><svg role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}</svg></section>`;
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:820px;color:#1b1f24}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .3rem}
svg text{font:12px system-ui,sans-serif;fill:#1b1f24}svg rect{fill:#4a6fa5}
.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{border:1px solid #ccd;border-radius:6px;padding:.6rem 1rem}.kpi b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e6ea;padding:.25rem .5rem;text-align:left}.none{color:#667}`;

/** Renders the whole page. `title` names the export (e.g. its file name). */
export function renderExposureHtml(r: ExposureReport, title = 'Slack export'): string {
  const kpi = (label: string, v: number): string => `<div class="kpi"><b>${esc(v.toLocaleString('en-US'))}</b>${esc(label)}</div>`;
  const recs = r.channels.filter((c) => c.recommendation !== 'import');
  const p = r.problems;
  const body = [
    `<h1>Exposure report — ${esc(title)}</h1>`,
    '<p>Personal data found in the history and how many people could read it. No value appears here: only entity types, counts, Slack user ids and masked samples.</p>',
    `<div class="kpis">${kpi('messages', r.messages)}${kpi('findings', r.findings)}${kpi('distinct values', r.distinctValues)}${kpi('exposure (Σ readers per value)', r.exposure)}${kpi('channels', r.channels.length)}</div>`,
    '<h2>What was found</h2>',
    barChart('Findings per entity type', Object.entries(r.byEntityType)),
    barChart('Findings per channel', [...r.channels].sort((a, b) => b.findings - a.findings).map((c) => [c.name, c.findings] as const)),
    barChart('Findings per author (Slack user id)', r.authors.map((a) => [a.id, a.findings] as const)),
    '<h2>Who could read it</h2>',
    barChart('Channel audience (members)', [...r.channels].sort((a, b) => b.members - a.members).map((c) => [c.name, c.members] as const), { unit: 'people' }),
    barChart('Top channels by exposure (findings × members)', r.channels.map((c) => [c.name, c.exposure] as const), { max: 10 }),
    '<h3>Audience over time (distinct authors per month)</h3>',
    table(['channel', 'months'], r.channels.slice(0, 10).map((c) => [c.name, Object.entries(c.activeByMonth).map(([m, n]) => `${m}: ${n}`).join(', ') || '—'])),
    '<h3>Values seen in many channels (masked)</h3>',
    table(['entity type', 'masked', 'channels', 'readers'], r.sharedValues.map((v) => [v.entityType, v.masked, v.channels, v.readers])),
    '<h3>Registered data subjects found</h3>',
    table(['subject', 'findings', 'masked sample'], r.subjects.map((s) => [s.subjectId, s.findings, s.masked])),
    '<h2>Recommendations</h2>',
    table(['channel', 'recommendation', 'why'], recs.map((c) => [c.name, c.recommendation === 'case_room' ? 'make it a case room' : 'archive, do not import', c.reason])),
    '<p>Everything imported passes the privacy guard of its new channel: personal data becomes chips; data a channel would block is tokenized with no reveal.</p>',
    '<h2>Problems in the export</h2>',
    table(
      ['problem', 'count'],
      [
        ['malformed day files (skipped)', p.malformedDayFiles.length],
        ['records dropped (no ts / not an object)', p.droppedRecords],
        ['authors missing from users.json', p.missingUsers],
        ...Object.entries(p.unknownSubtypes).map(([s, n]) => [`unknown subtype ${s}`, n] as [string, number]),
        ...p.warnings.map((w) => [w, 1] as [string, number]),
      ],
    ),
  ].join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Exposure report</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}
