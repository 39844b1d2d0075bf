/**
 * A chip for one protected span of a message (PRODUCT.md "Talking"/"Reveal"): shows the entity
 * type in words with an icon (`✉️ E-mail address`, issue 12), never a raw value or a token id. Its status (erased,
 * not revealable) is fetched lazily when the chip scrolls into view. Pressing it opens the
 * {@link RevealDialog}; a granted value is shown in place for `expiresInMs` (60 s) with a visible
 * countdown and then removed from the DOM. The value lives only in this component's state: no
 * storage, no cache, not in the message store, not in attributes. No part of the token reaches
 * the DOM.
 */
import { useContext, useEffect, useId, useRef, useState } from 'react';
import type { RevealResult, TokenStatus } from '../api/privacy-types.ts';
import type { MessageEntity } from '../api/types.ts';
import { entityWords } from '../lib/entity-words.ts';
import { chipLabel, DEFAULT_REVEAL_MS, readableType, secondsLeft } from '../lib/privacy-text.ts';
import { loadTokenStatus, rememberTokenStatus } from '../lib/token-status.ts';
import { StoreContext } from '../state/store-context.ts';
import { RevealDialog } from './reveal-dialog.tsx';
import { WhoSawDialog } from './privacy/who-saw-dialog.tsx';

/** Props of {@link EntityChip}. */
export interface EntityChipProps {
  entity: MessageEntity;
  /** False to draw an inert chip (no status fetch, no reveal). */
  canReveal?: boolean;
}

interface Shown {
  value: string;
  /** `Date.now()` when the value is hidden again, ms. */
  until: number;
}

/** Renders one entity chip, and its value while revealed. */
export function EntityChip({ entity, canReveal = true }: EntityChipProps) {
  // The role does not change during a session: read it once, without subscribing (works without a store too).
  const role = useContext(StoreContext)?.getState().me.role;
  const [status, setStatus] = useState<TokenStatus | null | undefined>(undefined);
  const [asking, setAsking] = useState(false);
  const [whoSaw, setWhoSaw] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [announce, setAnnounce] = useState('');
  const root = useRef<HTMLSpanElement>(null);
  const hideButton = useRef<HTMLButtonElement>(null);
  const chipButton = useRef<HTMLButtonElement>(null);
  const liveId = useId();
  const readable = readableType(entity.entityType);
  const icon = entityWords(entity.entityType).icon;

  // Lazy status: fetch once the chip is (nearly) visible.
  useEffect(() => {
    if (!canReveal || !root.current) return;
    let live = true;
    const load = () =>
      void loadTokenStatus(entity.token).then(
        (s) => live && setStatus(s),
        () => undefined,
      );
    if (typeof IntersectionObserver === 'undefined') {
      load();
      return () => void (live = false);
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          load();
        }
      },
      { rootMargin: '200px' },
    );
    io.observe(root.current);
    return () => {
      live = false;
      io.disconnect();
    };
  }, [entity.token, canReveal]);

  // While shown: tick every second, hide at expiry.
  useEffect(() => {
    if (!shown) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const end = setTimeout(() => hide(false), Math.max(0, shown.until - Date.now()));
    return () => {
      clearInterval(tick);
      clearTimeout(end);
    };
  }, [shown]);

  function hide(byUser: boolean): void {
    setShown(null);
    setAnnounce(`The ${readable} is hidden again.`);
    if (byUser) requestAnimationFrame(() => chipButton.current?.focus());
  }

  function revealed(res: RevealResult): void {
    const ms = res.expiresInMs > 0 ? res.expiresInMs : DEFAULT_REVEAL_MS;
    setAsking(false);
    // one clock reading for both: two could differ by a millisecond and show "61 s" for a 60 s reveal
    const at = Date.now();
    setNow(at);
    setShown({ value: res.value, until: at + ms });
    setAnnounce(`The ${readable} is shown for ${Math.round(ms / 1000)} seconds.`);
    requestAnimationFrame(() => hideButton.current?.focus());
  }

  const erased = status?.status === 'erased';
  const locked = status === null || (status !== undefined && !status.revealable);
  const blockedReason = erased
    ? 'This value was erased (its key was destroyed); it can no longer be revealed by anyone.'
    : locked
      ? "This value cannot be revealed here: you don't have need-to-know (it was shared in a broad channel, belongs to a data subject of a case you are not assigned to, or is no longer visible to you)."
      : null;
  const cls = ['chip', erased ? 'erased' : '', locked && !erased ? 'locked' : '', shown ? 'revealed' : ''].filter(Boolean).join(' ');
  const stateWord = erased ? ', erased' : locked ? ', cannot be revealed' : canReveal ? ', press to reveal' : '';

  return (
    <span ref={root} className="chip-wrap">
      {shown ? (
        <span className={cls} role="group" aria-label={`Revealed ${readable}`} data-entity-type={entity.entityType}>
          <span className="chip-type">{chipLabel(entity.entityType)}</span>
          <span className="chip-value">{shown.value}</span>
          <span className="chip-timer" role="timer" aria-label="Seconds until hidden">
            {secondsLeft(shown.until, now)} s
          </span>
          <button ref={hideButton} type="button" className="chip-hide" aria-label={`Hide the ${readable} now`} onClick={() => hide(true)}>
            Hide
          </button>
        </span>
      ) : (
        <button
          ref={chipButton}
          type="button"
          className={cls}
          data-entity-type={entity.entityType}
          aria-label={`Protected ${readable}${stateWord}`}
          aria-disabled={canReveal ? undefined : true}
          title={erased ? 'Erased' : locked ? 'Cannot be revealed here' : canReveal ? 'Reveal with a justification' : undefined}
          onClick={() => canReveal && setAsking(true)}
        >
          <span className="chip-icon" aria-hidden="true">
            {icon}
          </span>
          <span className="chip-label">{erased ? `${chipLabel(entity.entityType)} · erased` : chipLabel(entity.entityType)}</span>
        </button>
      )}
      {role === 'privacy_officer' && canReveal && !shown && (
        <button type="button" className="who-saw-button" aria-label={`Who saw this ${readable}?`} title="Who saw this (reveal attempts)" onClick={() => setWhoSaw(true)}>
          Who saw
        </button>
      )}
      {whoSaw && <WhoSawDialog token={entity.token} entityType={entity.entityType} onClose={() => setWhoSaw(false)} />}
      <span id={liveId} className="sr-only" aria-live="polite">
        {announce}
      </span>
      {asking && (
        <RevealDialog
          token={entity.token}
          entityType={entity.entityType}
          blockedReason={blockedReason}
          byRole={role === 'privacy_officer'}
          beforeJoining={role !== 'privacy_officer' && status?.flagged === true}
          onRevealed={revealed}
          onErased={() => {
            const s: TokenStatus = { token: entity.token, entityType: entity.entityType, status: 'erased', revealable: false };
            rememberTokenStatus(s);
            setStatus(s);
          }}
          onClose={() => setAsking(false)}
        />
      )}
    </span>
  );
}
