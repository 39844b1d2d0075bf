/**
 * Posture dashboard (privacy officers): personal data shared and blocked per week, by entity type
 * and channel class, reveals per person and justification category, channels by audience ×
 * findings, overrides and reviews — from audit events only (never values). Charts are inline SVG;
 * the numbers download as CSV or JSON.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import { postureApi, postureQuery, type Posture, type PostureCell } from '../../api/posture-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { actorName } from './audit-format.tsx';

/** A horizontal bar chart (inline SVG) of label/value rows. */
export function Bars({ title, rows }: { title: string; rows: ReadonlyArray<readonly [string, number]> }) {
  const top = Math.max(1, ...rows.map((r) => r[1]));
  const h = 22;
  return (
    <figure className="posture-chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">Nothing in this period.</p>
      ) : (
        <svg role="img" aria-label={title} width="640" height={rows.length * h + 4} viewBox={`0 0 640 ${rows.length * h + 4}`}>
          {rows.map(([label, value], i) => {
            const w = Math.max(1, Math.round((360 * value) / top));
            return (
              <g key={label} transform={`translate(0 ${i * h + 2})`}>
                <text x="196" y="15" textAnchor="end" fontSize="12" fill="currentColor">
                  {label.length > 30 ? `${label.slice(0, 29)}…` : label}
                </text>
                <rect x="200" y="3" width={w} height={h - 6} rx="3" fill="#4a6fa5">
                  <title>{`${label}: ${value}`}</title>
                </rect>
                <text x={206 + w} y="15" fontSize="12" fill="currentColor">
                  {value.toLocaleString()}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}

function sumBy(cells: PostureCell[], key: (c: PostureCell) => string): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const c of cells) m.set(key(c), (m.get(key(c)) ?? 0) + c.count);
  return [...m];
}

const byCount = (rows: Array<[string, number]>): Array<[string, number]> => rows.sort((a, b) => b[1] - a[1]);

/** The posture tab. */
export function PostureDashboard() {
  const { state } = useChat();
  const [posture, setPosture] = useState<Posture | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    postureApi
      .get({})
      .then(setPosture)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!posture) return <p className="muted">Loading…</p>;
  const p = posture;
  return (
    <section aria-labelledby="posture-h" className="posture">
      <h2 id="posture-h">Privacy posture</h2>
      <p className="muted">
        {p.from.slice(0, 10)} to {p.to.slice(0, 10)} · from audit and guard events only, never values ·{' '}
        <a href={`/api/v1/privacy/posture${postureQuery({}, 'csv')}`} download="posture.csv">
          Download CSV
        </a>{' '}
        ·{' '}
        <a href={`/api/v1/privacy/posture${postureQuery({}, 'json')}`} download="posture.json">
          Download JSON
        </a>
      </p>
      <Bars title="Personal data shared per week" rows={sumBy(p.shared, (c) => c.week)} />
      <Bars title="Shared by entity type" rows={byCount(sumBy(p.shared, (c) => c.entityType))} />
      <Bars title="Shared by channel class" rows={byCount(sumBy(p.shared, (c) => c.channelClass))} />
      <Bars title="Blocked attempts per week" rows={sumBy(p.blocked, (c) => c.week)} />
      <Bars title="Blocked by entity type" rows={byCount(sumBy(p.blocked, (c) => c.entityType))} />
      <Bars title="Reveals per person (granted)" rows={p.reveals.byPerson.map((r) => [actorName(state, r.actorId), r.granted] as const)} />
      <Bars title="Reveals per justification category" rows={p.reveals.byJustification.map((r) => [r.category.replace('_', ' '), r.count] as const)} />
      <Bars title="Channels by audience × findings" rows={p.topChannels.map((c) => [`${c.name} (${c.members} members)`, c.exposure] as const)} />
      <h3>Overrides and reviews</h3>
      <table className="table">
        <tbody>
          <tr>
            <th scope="row">&ldquo;Not personal data&rdquo; marks</th>
            <td>{p.overrides.notPersonalDataMarks}</td>
          </tr>
          <tr>
            <th scope="row">Marks revoked</th>
            <td>{p.overrides.markRevokes}</td>
          </tr>
          <tr>
            <th scope="row">Policy changes</th>
            <td>{p.overrides.policyChanges}</td>
          </tr>
          <tr>
            <th scope="row">Flagged reveals</th>
            <td>{p.overrides.flaggedReveals}</td>
          </tr>
          <tr>
            <th scope="row">Reveal reviews done</th>
            <td>{p.overrides.reviews}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
