/**
 * The signed-in workspace: sidebar, top bar with search, the main pane (channel, admin or
 * account screen) and the side pane (thread or search results). Owns the session's store and
 * live stream; Escape closes the side pane.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { authApi, messagesApi } from '../api/endpoints.ts';
import type { Me, Message } from '../api/types.ts';
import { BrowseChannelsDialog, CreateChannelDialog, NewDmDialog } from '../components/channel-dialogs.tsx';
import { onCreatePrivateChannelRequest } from '../lib/create-channel-request.ts';
import { ChannelView } from '../components/channel-view.tsx';
import { SearchPanel } from '../components/search-panel.tsx';
import { Sidebar } from '../components/sidebar.tsx';
import { ThreadPane } from '../components/thread-pane.tsx';
import { ChannelDetailsPane } from '../components/channel-details-pane.tsx';
import { QuickSwitcher } from '../components/quick-switcher.tsx';
import { SavedView } from '../components/saved-view.tsx';
import { loadSaved } from '../state/marks.ts';
import { StreamClient, streamUrl } from '../realtime/stream.ts';
import { channelIdFromPath, messageIdFromPath, navigate } from '../router.ts';
import { unreadTitle } from '../lib/unread-title.ts';
import { trackPresence } from '../state/presence.ts';
import { ChatStore } from '../state/chat-store.ts';
import { StoreContext, useChat } from '../state/store-context.ts';
import { AccountPage } from './account-page.tsx';
import { AdminPage } from './admin-page.tsx';
import { PrivacyPage } from './privacy-page.tsx';
import { CasesPage } from './cases-page.tsx';
import { BoardPage } from './board-page.tsx';
import { IntegrationsPage } from './integrations-page.tsx';
import { HashListsPage } from './hashlists-page.tsx';
import { SubjectsPage } from './subjects-page.tsx';
import { QuarantinePage } from './quarantine-page.tsx';
import { PeoplePage } from './people-page.tsx';
import { ProfileHost } from '../components/people/profile-dialog.tsx';
import { NotificationBell } from '../components/notification-bell.tsx';
import { setFaviconBadge } from '../lib/favicon-badge.ts';
import { NotificationStore } from '../state/notifications.ts';

/** Pages that take the whole main area (no side pane). */
const FULL_PAGES = new Set(['/subjects', '/board', '/integrations', '/hashlists', '/people']);

type Pane = { kind: 'thread'; channelId: string; rootId: string; highlightId?: string } | { kind: 'search'; query: string } | { kind: 'details'; channelId: string } | null;
type DialogKind = 'create' | 'create-private' | 'browse' | 'dm' | 'switch' | null;

/** Props of {@link WorkspacePage}. */
export interface WorkspacePageProps {
  me: Me;
  path: string;
  onSignedOut: () => void;
}

/** Workspace route (everything behind sign-in). */
export function WorkspacePage({ me, path, onSignedOut }: WorkspacePageProps) {
  const [store] = useState(() => new ChatStore(me));
  const [notifs] = useState(() => new NotificationStore());
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let opened = false;
    store.loadInitial().catch((err: unknown) => setLoadError(errorText(err)));
    void notifs.load().catch(() => undefined);
    const stream = new StreamClient({
      url: streamUrl(),
      onEvent: (ev) => {
        if (ev.type === 'notification.created' || ev.type === 'notification.withdrawn') notifs.apply(ev);
        else store.applyEvent(ev);
      },
      onEphemeral: (frame) => store.applyTyping(frame),
      onReset: () => {
        void store.resync().catch(() => undefined);
        void notifs.load().catch(() => undefined);
      },
      onStatus: (s) => store.setStatus(s),
      // A socket that keeps failing may mean the session ended (deactivated, signed out
      // elsewhere): a 401 from /me sends the app back to sign-in.
      onRetry: () => void authApi.me().catch(() => undefined),
      onOpen: ({ resumed }) => {
        if (opened && !resumed) {
          void store.resync().catch(() => undefined);
          void notifs.load().catch(() => undefined);
        }
        opened = true;
      },
    });
    stream.start();
    const stopPresence = trackPresence(store);
    loadSaved().catch(() => undefined);
    const online = () => stream.reconnectNow();
    const visible = () => document.visibilityState === 'visible' && store.markActiveRead();
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visible);
    return () => {
      stream.stop();
      stopPresence();
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [store, notifs]);

  return (
    <StoreContext.Provider value={store}>
      <Workspace path={path} onSignedOut={onSignedOut} loadError={loadError} notifs={notifs} />
    </StoreContext.Provider>
  );
}

function Workspace({ path, onSignedOut, loadError, notifs }: { path: string; onSignedOut: () => void; loadError: string | null; notifs: NotificationStore }) {
  const { store, state } = useChat();
  const [pane, setPane] = useState<Pane>(null);
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [query, setQuery] = useState('');
  const [jump, setJump] = useState<{ channelId: string; id: string } | null>(null);
  const [drawer, setDrawer] = useState(false);
  const [linkError, setLinkError] = useState<string | null>(null);
  const channelId = channelIdFromPath(path);
  const permalinkId = messageIdFromPath(path);
  const channel = channelId ? state.channels.find((c) => c.id === channelId) : undefined;

  // The drawer (narrow screens) closes on every navigation.
  useEffect(() => setDrawer(false), [path]);

  // Unread count in the tab title.
  const unread = state.channels.reduce((n, c) => n + (c.isMember ? c.unreadCount : 0), 0);
  useEffect(() => {
    document.title = unreadTitle(unread);
    setFaviconBadge(unread);
  }, [unread]);

  // A permalink opens the channel at the message, after the server's access check (404 otherwise).
  useEffect(() => {
    if (!permalinkId) return;
    let live = true;
    setLinkError(null);
    messagesApi.get(permalinkId).then(
      ({ message }) => live && openResult(message, true),
      () => live && setLinkError('This message does not exist or you no longer have access to it.'),
    );
    return () => void (live = false);
  }, [permalinkId]); // openResult only navigates and sets state: the permalink alone decides

  // `/` opens the first channel once the list is there.
  useEffect(() => {
    if (path !== '/' || state.channels.length === 0) return;
    const first = state.channels.find((c) => c.isMember);
    if (first) navigate(`/c/${encodeURIComponent(first.id)}`, { replace: true });
  }, [path, state.channels]);

  useEffect(() => onCreatePrivateChannelRequest(() => setDialog('create-private')), []);

  useEffect(() => {
    if (!channelId) void store.openChannel(null);
    setPane((p) => ((p?.kind === 'thread' || p?.kind === 'details') && p.channelId !== channelId ? null : p));
  }, [channelId, store]);

  // Keyboard: Escape closes the side pane, Ctrl/⌘+K opens the quick switcher, Ctrl/⌘+/ focuses search, Alt+↑/↓ switches conversation.
  const keyState = useRef({ pane, channels: state.channels, channelId });
  keyState.current = { pane, channels: state.channels, channelId };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
      const k = keyState.current;
      if (e.key === 'Escape' && k.pane) {
        setPane(null);
        document.querySelector<HTMLTextAreaElement>('.channel .composer textarea')?.focus();
      } else if (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        setDialog('switch');
      } else if (e.key === '/' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('.search-form input')?.focus();
      } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        const order = [...k.channels.filter((c) => c.kind === 'channel' && c.isMember), ...k.channels.filter((c) => c.kind === 'dm')];
        if (order.length === 0) return;
        e.preventDefault();
        const i = order.findIndex((c) => c.id === k.channelId);
        const next = i < 0 ? order[0] : order[(i + (e.key === 'ArrowDown' ? 1 : order.length - 1)) % order.length];
        if (next) navigate(`/c/${encodeURIComponent(next.id)}`);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  /** Closes the side pane; focus goes to the conversation's composer (else the main area), never the body. */
  function closePane(): void {
    setPane(null);
    requestAnimationFrame(() => (document.querySelector<HTMLElement>('.channel .composer textarea') ?? document.getElementById('main'))?.focus());
  }

  // Nothing focused after a screen change (first load, setup, a page without a composer): the main area takes focus.
  useEffect(() => {
    const id = requestAnimationFrame(() => {
      if (!document.activeElement || document.activeElement === document.body) document.getElementById('main')?.focus();
    });
    return () => cancelAnimationFrame(id);
  }, [path]);

  function search(e: FormEvent): void {
    e.preventDefault();
    const q = query.trim();
    if (q) setPane({ kind: 'search', query: q });
  }

  function openResult(m: Message, replace = false): void {
    navigate(`/c/${encodeURIComponent(m.channelId)}`, { replace });
    if (m.threadRootId) setPane({ kind: 'thread', channelId: m.channelId, rootId: m.threadRootId, highlightId: m.id });
    setJump({ channelId: m.channelId, id: m.threadRootId ?? m.id });
  }

  async function signOut(): Promise<void> {
    await authApi.logout().catch(() => undefined);
    onSignedOut();
  }

  let main;
  if (path === '/admin') main = <AdminPage />;
  else if (path === '/account') main = <AccountPage onSignedOut={onSignedOut} />;
  else if (path === '/privacy') main = <PrivacyPage />;
  else if (path === '/subjects') main = <SubjectsPage />;
  else if (path === '/quarantine') main = <QuarantinePage />;
  else if (path === '/board') main = <BoardPage />;
  else if (path === '/integrations') main = <IntegrationsPage />;
  else if (path === '/hashlists') main = <HashListsPage />;
  else if (path === '/people') main = <PeoplePage />;
  else if (path === '/cases' || path.startsWith('/cases/')) main = <CasesPage path={path} />;
  else if (path === '/saved') main = <SavedView />;
  else if (channel)
    main = (
      <ChannelView
        key={channel.id}
        channel={channel}
        jumpTo={jump?.channelId === channel.id ? jump.id : null}
        onOpenThread={(m) => setPane({ kind: 'thread', channelId: channel.id, rootId: m.id })}
        onOpenDetails={() => setPane({ kind: 'details', channelId: channel.id })}
      />
    );
  else
    main = (
      <div className="empty-main">
        {channelId && state.channels.length > 0 ? (
          <p role="status">This conversation does not exist or you no longer have access to it.</p>
        ) : state.channels.length === 0 ? (
          <>
            <h1>Welcome to Enclave</h1>
            <p className="muted">Create a channel or browse the public ones to start talking.</p>
            <div className="row">
              <button type="button" className="primary" onClick={() => setDialog('create')}>
                Create a channel
              </button>
              <button type="button" onClick={() => setDialog('browse')}>
                Browse channels
              </button>
            </div>
          </>
        ) : (
          <p className="muted">Pick a conversation.</p>
        )}
      </div>
    );

  const showPane = pane !== null && path !== '/saved' && path !== '/admin' && path !== '/account' && path !== '/privacy' && !FULL_PAGES.has(path) && !path.startsWith('/cases');
  return (
    <div
      className={`app${showPane ? ' with-pane' : ''}${drawer ? ' drawer-open' : ''}`}
      // A link picked in the drawer closes it, also the conversation already open.
      onClickCapture={(e) => drawer && (e.target as HTMLElement).closest('.sidebar a') && setDrawer(false)}
    >
      <a href="#main" className="skip-link">
        Skip to conversation
      </a>
      <Sidebar
        activeId={channelId}
        path={path}
        onCreate={() => setDialog('create')}
        onBrowse={() => setDialog('browse')}
        onNewDm={() => setDialog('dm')}
        onSignOut={() => void signOut()}
      />
      {drawer && <div className="drawer-scrim" aria-hidden="true" onClick={() => setDrawer(false)} />}
      <div className="top-bar">
        <button
          type="button"
          className="menu-button"
          aria-label={drawer ? 'Close the channel list' : 'Open the channel list'}
          aria-expanded={drawer}
          onClick={() => setDrawer((d) => !d)}
        >
          <span aria-hidden="true">☰</span>
          {unread > 0 && <span className="menu-badge">{unread > 99 ? '99+' : unread}</span>}
        </button>
        <form role="search" onSubmit={search} className="search-form">
          <input type="search" aria-label="Search messages" placeholder="Search messages (Ctrl+/)" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        </form>
        <NotificationBell store={notifs} />
        {state.status !== 'open' && (
          <span className="muted small" role="status">
            {state.status === 'reconnecting' ? 'Reconnecting…' : state.status === 'connecting' ? 'Connecting…' : ''}
          </span>
        )}
      </div>
      <main id="main" className="main" tabIndex={-1}>
        {(loadError ?? linkError) && (
          <p className="error" role="alert">
            {loadError ?? linkError}
          </p>
        )}
        {main}
      </main>
      {showPane && pane?.kind === 'thread' && (
        <ThreadPane
          key={pane.rootId}
          channelId={pane.channelId}
          rootId={pane.rootId}
          highlightId={pane.highlightId}
          onClose={closePane}
        />
      )}
      {showPane && pane?.kind === 'details' && channel && pane.channelId === channel.id && (
        <ChannelDetailsPane
          key={channel.id}
          channel={channel}
          onClose={() => {
            setPane(null);
            document.querySelector<HTMLElement>('.channel .details-button')?.focus();
          }}
        />
      )}
      {showPane && pane?.kind === 'search' && <SearchPanel key={pane.query} query={pane.query} onOpen={openResult} onClose={closePane} />}
      {dialog === 'create' && <CreateChannelDialog onClose={() => setDialog(null)} />}
      {dialog === 'create-private' && <CreateChannelDialog initialVisibility="private" onClose={() => setDialog(null)} />}
      {dialog === 'browse' && <BrowseChannelsDialog onClose={() => setDialog(null)} />}
      {dialog === 'dm' && <NewDmDialog onClose={() => setDialog(null)} />}
      <ProfileHost />
      {dialog === 'switch' && <QuickSwitcher onClose={() => setDialog(null)} />}
    </div>
  );
}
