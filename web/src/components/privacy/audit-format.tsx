/**
 * Shared rendering for the privacy-officer views: names for actor ids and targets, local times,
 * an outcome badge and the audit-event table. Audit details never hold raw values (server rule),
 * so they are shown as compact JSON text.
 */
import type { AuditEvent } from '../../api/privacy-types.ts';
import type { ChatState } from '../../state/chat-store.ts';

/** A person's name for a user id (`system`/`cli` and unknown ids shown as they are). */
export function actorName(state: ChatState, id: string): string {
  return state.users.get(id)?.name ?? id;
}

/** A readable target: `user:ID` → name, `channel:ID` → `#name`, anything else unchanged. */
export function targetText(state: ChatState, target: string): string {
  const [kind, id] = target.split(/:(.*)/s, 2);
  if (kind === 'user' && id) return `user ${actorName(state, id)}`;
  if (kind === 'channel' && id) {
    const c = state.channels.find((x) => x.id === id);
    return c ? (c.kind === 'dm' ? `DM ${c.name}` : `#${c.name}`) : target;
  }
  return target;
}

/** Local date and time of an ISO instant. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** Compact, readable details (a few keys of a JSON object). */
export function detailsText(d: Record<string, unknown> | null): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** A colored outcome word. */
export function Outcome({ outcome }: { outcome: AuditEvent['outcome'] }) {
  return <span className={`outcome ${outcome}`}>{outcome}</span>;
}

/** The audit-event table used by the search and "who saw" views. */
export function AuditTable({ events, state, caption }: { events: AuditEvent[]; state: ChatState; caption: string }) {
  return (
    <table className="table audit-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Target</th>
          <th scope="col">Outcome</th>
          <th scope="col">Justification</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.seq} data-action={e.action} data-outcome={e.outcome}>
            <td>{e.seq}</td>
            <td className="nowrap">{when(e.at)}</td>
            <td>{actorName(state, e.actor)}</td>
            <td>
              <code>{e.action}</code>
              {e.details?.flagged === true && <span className="tag flagged">flagged</span>}
            </td>
            <td className="wrap">{targetText(state, e.target)}</td>
            <td>
              <Outcome outcome={e.outcome} />
            </td>
            <td className="wrap">{e.justification ?? ''}</td>
            <td className="wrap small muted">{detailsText(e.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `YYYY-MM-DD` (a date input's value) → the next day's date, to make a "to" date inclusive. */
export function dayAfter(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) return date;
  return new Date(t + 86_400_000).toISOString().slice(0, 10);
}
