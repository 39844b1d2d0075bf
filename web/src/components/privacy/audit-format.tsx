/**
 * Shared rendering for the privacy-officer views: names for actor ids and targets (from the client
 * state, else from the name cache filled by `POST /names`), times in UTC (the zone of the date
 * filters, stated on screen), an outcome badge and the audit-event table. Audit details never hold
 * raw values (server rule), so they are shown as compact text with ids turned into names.
 */
import { useState } from 'react';
import type { AuditEvent } from '../../api/privacy-types.ts';
import { entityWords } from '../../lib/entity-words.ts';
import { cachedChannel, cachedUserName } from '../../lib/name-cache.ts';
import { utcText } from '../../lib/people.ts';
import type { ChatState } from '../../state/chat-store.ts';
import { idsOfEvents, useNames } from './use-names.ts';
import { WhoSawDialog } from './who-saw-dialog.tsx';

/** The one time zone of the audit screens, as stated beside their filters and tables. */
export const AUDIT_TIME_ZONE_NOTE = 'All times are in UTC, like the date filters.';

/** A person's name for a user id (`system`/`cli` and unknown ids shown as they are). */
export function actorName(state: ChatState, id: string): string {
  return state.users.get(id)?.name ?? cachedUserName(id) ?? id;
}

/** A channel's readable name (`#name`, or `DM a, b`), or null when unknown. */
function channelText(state: ChatState, id: string): string | null {
  const c = state.channels.find((x) => x.id === id) ?? cachedChannel(id);
  if (!c) return null;
  return c.kind === 'dm' ? `DM ${c.name}` : `#${c.name}`;
}

/** Words for a protected item (a token): its entity type with icon, never the token id. */
export function tokenWords(entityType: unknown): string {
  if (typeof entityType !== 'string' || !entityType) return '🔒 Protected item';
  const w = entityWords(entityType);
  return `${w.icon} ${w.label}`;
}

/**
 * A readable target: `user:ID` → name, `channel:ID` → `#name`, `token:…` → the item's type in words
 * (from `entityType` when given), anything else unchanged.
 */
export function targetText(state: ChatState, target: string, entityType?: unknown): string {
  const [kind, id] = target.split(/:(.*)/s, 2);
  if (kind === 'token') return tokenWords(entityType);
  if (kind === 'user' && id) return `user ${actorName(state, id)}`;
  if (kind === 'channel' && id) return channelText(state, id) ?? target;
  return target;
}

/** Date and time of an ISO instant in UTC (`2026-12-05 07:45:39 UTC`). */
export function when(iso: string): string {
  return utcText(iso);
}

/** Compact, readable details (a few keys of a JSON object); `userId`/`channelId` values shown as names. */
export function detailsText(d: Record<string, unknown> | null, state?: ChatState): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => {
      if (state && typeof v === 'string' && k === 'userId') return `person: ${actorName(state, v)}`;
      if (state && typeof v === 'string' && k === 'channelId') return `channel: ${channelText(state, v) ?? v}`;
      if (k === 'entityType' && typeof v === 'string') return `type: ${entityWords(v).label}`;
      if (typeof v === 'string' && v.startsWith('tok_')) return `${k}: a protected item`;
      if (state && typeof v === 'string' && /^(user|channel|token):./.test(v)) return `${k}: ${targetText(state, v, d.entityType)}`;
      return `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
    })
    .join(' · ');
}

/** A colored outcome word. */
export function Outcome({ outcome }: { outcome: AuditEvent['outcome'] }) {
  return <span className={`outcome ${outcome}`}>{outcome}</span>;
}

/** The audit-event table used by the search and "who saw" views. */
export function AuditTable({ events, state, caption, tokenLinks = true }: { events: AuditEvent[]; state: ChatState; caption: string; tokenLinks?: boolean }) {
  useNames(idsOfEvents(events));
  const [whoSaw, setWhoSaw] = useState<{ token: string; entityType: string } | null>(null);
  return (
    <>
    <table className="table audit-table">
      <caption className="sr-only">
        {caption}. {AUDIT_TIME_ZONE_NOTE}
      </caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When (UTC)</th>
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
            <td className="wrap">
              {targetText(state, e.target, e.details?.entityType)}
              {tokenLinks && e.target.startsWith('token:') && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="who-saw-button"
                    aria-label={`Who saw this ${entityWords(String(e.details?.entityType ?? '')).label.toLowerCase()} (event ${e.seq})`}
                    onClick={() => setWhoSaw({ token: e.target.slice('token:'.length), entityType: String(e.details?.entityType ?? '') })}
                  >
                    Who saw
                  </button>
                </>
              )}
            </td>
            <td>
              <Outcome outcome={e.outcome} />
            </td>
            <td className="wrap">{e.justification ?? ''}</td>
            <td className="wrap small muted">{detailsText(e.details, state)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {whoSaw && <WhoSawDialog token={whoSaw.token} entityType={whoSaw.entityType} onClose={() => setWhoSaw(null)} />}
    </>
  );
}

/** `YYYY-MM-DD` (a date input's value) → the next day's date, to make a "to" date inclusive. */
export function dayAfter(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) return date;
  return new Date(t + 86_400_000).toISOString().slice(0, 10);
}
