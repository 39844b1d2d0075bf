/**
 * The left navigation: channels and DMs with unread state (bold + badge; the badge shows
 * mentions when there are any), and entry points to create, browse and start a DM.
 */
import type { Channel } from '../api/types.ts';
import { LockIcon } from './icons.tsx';
import { linkClick } from '../router.ts';
import { useChat } from '../state/store-context.ts';

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  activeId: string | null;
  path: string;
  onCreate: () => void;
  onBrowse: () => void;
  onNewDm: () => void;
  onSignOut: () => void;
}

function ChannelLink({ c, active }: { c: Channel; active: boolean }) {
  const href = `/c/${encodeURIComponent(c.id)}`;
  const unread = c.unreadCount > 0;
  const badge = c.mentionCount > 0 ? c.mentionCount : unread ? c.unreadCount : 0;
  const desc = [
    unread ? `${c.unreadCount} unread` : '',
    c.mentionCount > 0 ? `${c.mentionCount} mention${c.mentionCount === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li>
      <a
        href={href}
        onClick={linkClick(href)}
        className={`nav-item${active ? ' active' : ''}${unread ? ' unread' : ''}`}
        aria-current={active ? 'page' : undefined}
      >
        <span className="nav-icon" aria-hidden="true">
          {c.kind === 'dm' ? '●' : c.visibility === 'private' ? <LockIcon /> : '#'}
        </span>
        {/* The name comes from the content (visible name plus hidden words), so the visible text is always part of it. */}
        <span className="nav-name">
          {c.kind !== 'dm' && <span className="name-extra">{c.visibility === 'private' ? 'private channel ' : 'channel '}</span>}
          {c.name}
          {desc && <span className="name-extra">{`, ${desc}`}</span>}
        </span>
        {badge > 0 && (
          <span className={`badge${c.mentionCount > 0 ? ' mention' : ''}`} aria-hidden="true">
            {badge}
          </span>
        )}
      </a>
    </li>
  );
}

/** Sidebar. */
export function Sidebar({ activeId, path, onCreate, onBrowse, onNewDm, onSignOut }: SidebarProps) {
  const { state } = useChat();
  const channels = state.channels.filter((c) => c.kind === 'channel' && c.isMember && !c.archived);
  const archived = state.channels.filter((c) => c.kind === 'channel' && c.isMember && c.archived);
  const dms = state.channels.filter((c) => c.kind === 'dm');
  const status = state.status;
  return (
    <nav className="sidebar" aria-label="Workspace">
      <div className="brand">
        <span>Enclave</span>
        <span className={`conn ${status}`} role="status" aria-label={`Connection ${status}`} title={`Connection ${status}`} />
      </div>
      <div className="nav-section">
        <div className="nav-section-head">
          <h2 id="nav-channels">Channels</h2>
          <button type="button" className="icon-button" aria-label="Create channel" onClick={onCreate}>
            +
          </button>
        </div>
        <ul aria-labelledby="nav-channels">
          {channels.map((c) => (
            <ChannelLink key={c.id} c={c} active={c.id === activeId} />
          ))}
        </ul>
        <button type="button" className="nav-action" onClick={onBrowse}>
          Browse channels
        </button>
      </div>
      <div className="nav-section">
        <div className="nav-section-head">
          <h2 id="nav-dms">Direct messages</h2>
          <button type="button" className="icon-button" aria-label="New direct message" onClick={onNewDm}>
            +
          </button>
        </div>
        <ul aria-labelledby="nav-dms">
          {dms.map((c) => (
            <ChannelLink key={c.id} c={c} active={c.id === activeId} />
          ))}
        </ul>
      </div>
      {archived.length > 0 && (
        <div className="nav-section">
          <div className="nav-section-head">
            <h2 id="nav-archived">Archived</h2>
          </div>
          <ul aria-labelledby="nav-archived">
            {archived.map((c) => (
              <ChannelLink key={c.id} c={c} active={c.id === activeId} />
            ))}
          </ul>
        </div>
      )}
      <div className="nav-foot">
        <div className="me" title={state.me.email}>
          {state.me.name}
          <span className="muted small"> · {state.me.role}</span>
        </div>
        <ul>
          <li>
            <a href="/saved" onClick={linkClick('/saved')} className="nav-item" aria-current={path === '/saved' ? 'page' : undefined}>
              Saved items
            </a>
          </li>
          <li>
            <a href="/account" onClick={linkClick('/account')} className="nav-item" aria-current={path === '/account' ? 'page' : undefined}>
              Account &amp; sessions
            </a>
          </li>
          <li>
            <a href="/people" onClick={linkClick('/people')} className="nav-item" aria-current={path === '/people' ? 'page' : undefined}>
              People
            </a>
          </li>
          {['lead', 'agent', 'privacy_officer'].includes(state.me.role) && (
            <li>
              <a href="/cases" onClick={linkClick('/cases')} className="nav-item" aria-current={path.startsWith('/cases') ? 'page' : undefined}>
                Cases
              </a>
            </li>
          )}
          {['lead', 'admin'].includes(state.me.role) && (
            <li>
              <a href="/board" onClick={linkClick('/board')} className="nav-item" aria-current={path === '/board' ? 'page' : undefined}>
                Assignment board
              </a>
            </li>
          )}
          {state.me.role === 'specialist' && (
            <li>
              <a href="/quarantine" onClick={linkClick('/quarantine')} className="nav-item" aria-current={path === '/quarantine' ? 'page' : undefined}>
                Quarantined media
              </a>
            </li>
          )}
          {state.me.role === 'privacy_officer' && (
            <li>
              <a href="/subjects" onClick={linkClick('/subjects')} className="nav-item" aria-current={path === '/subjects' ? 'page' : undefined}>
                Data subjects
              </a>
            </li>
          )}
          {state.me.role === 'privacy_officer' && (
            <li>
              <a href="/privacy" onClick={linkClick('/privacy')} className="nav-item" aria-current={path === '/privacy' ? 'page' : undefined}>
                Privacy: audit &amp; policies
                {state.privacyAlerts.length > 0 && (
                  <span className="badge mention" aria-label={`${state.privacyAlerts.length} privacy alerts`}>
                    {state.privacyAlerts.length}
                  </span>
                )}
              </a>
            </li>
          )}
          {state.me.role === 'admin' && (
            <li>
              <a href="/admin" onClick={linkClick('/admin')} className="nav-item" aria-current={path === '/admin' ? 'page' : undefined}>
                Admin: people
              </a>
            </li>
          )}
          {state.me.role === 'admin' && (
            <li>
              <a href="/integrations" onClick={linkClick('/integrations')} className="nav-item" aria-current={path === '/integrations' ? 'page' : undefined}>
                Admin: integrations
              </a>
            </li>
          )}
          {state.me.role === 'admin' && (
            <li>
              <a href="/hashlists" onClick={linkClick('/hashlists')} className="nav-item" aria-current={path === '/hashlists' ? 'page' : undefined}>
                Admin: hash lists
              </a>
            </li>
          )}
        </ul>
        <button type="button" className="nav-action" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
