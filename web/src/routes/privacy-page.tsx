/**
 * Privacy officer area (`/privacy`, role `privacy_officer` only): audit log search, "who saw
 * what", reveals per person, policy editor, review of "not personal data" marks, the review queue
 * of flagged reveals, role requests and the posture dashboard, as tabs
 * (WAI-ARIA tabs pattern: ←/→/Home/End move between tabs).
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { AuditSearch } from '../components/privacy/audit-search.tsx';
import { MarksReview } from '../components/privacy/marks-review.tsx';
import { RevealReviews } from '../components/privacy/reveal-reviews.tsx';
import { RoleRequests } from '../components/role-requests.tsx';
import { PolicyEditor } from '../components/privacy/policy-editor.tsx';
import { PostureDashboard } from '../components/privacy/posture.tsx';
import { RevealCounts } from '../components/privacy/reveal-counts.tsx';
import { WhoSaw } from '../components/privacy/who-saw.tsx';
import { useChat } from '../state/store-context.ts';

const TABS = [
  { id: 'audit', label: 'Audit log' },
  { id: 'who-saw', label: 'Who saw what' },
  { id: 'counts', label: 'Reveals per person' },
  { id: 'policies', label: 'Policies' },
  { id: 'marks', label: 'Marks to review' },
  { id: 'reviews', label: 'Reveals to review' },
  { id: 'roles', label: 'Role requests' },
  { id: 'posture', label: 'Posture' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const ALERT_TEXT: Record<string, string> = {
  reveal_rate_limit: 'went over the reveal rate limit',
  role_requested: 'was proposed for the privacy-officer role (approve under Role requests)',
  role_granted: 'now has the privacy-officer role',
};

/** The privacy officer's screen. */
export function PrivacyPage() {
  const { store, state } = useChat();
  const [tab, setTab] = useState<TabId>('audit');
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  if (state.me.role !== 'privacy_officer') return <p className="page">Only privacy officers can see this area.</p>;

  function onKey(e: KeyboardEvent<HTMLDivElement>): void {
    const i = TABS.findIndex((t) => t.id === tab);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i + TABS.length - 1) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const t = TABS[next];
    if (t) {
      setTab(t.id);
      refs.current[t.id]?.focus();
    }
  }

  return (
    <div className="page privacy-page">
      <h1>Privacy</h1>
      {state.privacyAlerts.length > 0 && (
        <section className="privacy-alerts" aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alerts</h2>
          <ul aria-live="polite">
            {state.privacyAlerts.map((a) => (
              <li key={a.seq}>
                <strong>{state.users.get(a.userId)?.name ?? a.userId}</strong>{' '}
                {ALERT_TEXT[a.alert] ?? a.alert} · {new Date(a.at).toLocaleString()}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => store.dismissPrivacyAlerts()}>
            Dismiss alerts
          </button>
        </section>
      )}
      <div role="tablist" aria-label="Privacy views" className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'audit' && <AuditSearch />}
        {tab === 'who-saw' && <WhoSaw />}
        {tab === 'counts' && <RevealCounts />}
        {tab === 'policies' && <PolicyEditor />}
        {tab === 'marks' && <MarksReview />}
        {tab === 'reviews' && <RevealReviews />}
        {tab === 'roles' && <RoleRequests />}
        {tab === 'posture' && <PostureDashboard />}
      </div>
    </div>
  );
}
