/**
 * The composer's privacy parts (PRODUCT.md "Talking", issue 4 "Composer"):
 * - {@link PrivacyWarning}: live summary of what sending would protect or block, one chip per
 *   finding, and "Not personal data" (confirmation dialog; never offered for KNOWN_SUBJECT).
 * - {@link BlockedNotice}: the server's `422 personal_data_blocked` message and hint, with the
 *   refused positions highlighted in the sender's own text (memory only, never stored).
 */
import { useState } from 'react';
import { errorText } from '../api/client.ts';
import type { AnalyzeFinding, BlockedFinding } from '../api/privacy-types.ts';
import { protectApi } from '../api/privacy-endpoints.ts';
import type { ChannelClass } from '../api/types.ts';
import { chipLabel, highlightPieces, markOffered, readableType, summarizeFindings } from '../lib/privacy-text.ts';
import { requestCreatePrivateChannel } from '../lib/create-channel-request.ts';
import { Dialog } from './dialog.tsx';
import type { PrivacyPreview } from './use-privacy-preview.ts';

const ACTION_WORD: Record<AnalyzeFinding['action'], string> = { tokenize: 'protected', block: 'blocked', allow: 'allowed' };

/** Props of {@link PrivacyWarning}. */
export interface PrivacyWarningProps {
  channelId: string;
  /** e.g. `#support`. */
  channelTitle: string;
  channelClass?: ChannelClass;
  /** The composer's current text. */
  text: string;
  preview: PrivacyPreview;
  /** Called after a mark was saved (re-run the preview). */
  onMarked: () => void;
}

/** Live warning under the composer; renders nothing without findings. */
export function PrivacyWarning({ channelId, channelTitle, channelClass, text, preview, onMarked }: PrivacyWarningProps) {
  const [marking, setMarking] = useState<AnalyzeFinding | null>(null);
  const [requested, setRequested] = useState<string | null>(null);
  const { findings, forText, note } = preview;
  const { protectedLine, blockedLine } = summarizeFindings(findings, channelClass);
  const current = forText === text;
  if (findings.length === 0 && !note) return null;
  return (
    <div className="privacy-warning" data-testid="privacy-warning">
      <div aria-live="polite" className="privacy-lines">
        {blockedLine && <p className="warn-block">{blockedLine}</p>}
        {protectedLine && <p className="warn-protect">{protectedLine}</p>}
        {!blockedLine && !protectedLine && findings.length > 0 && <p className="muted">Allowed in this channel as typed.</p>}
        {note && <p className="muted small">{note}</p>}
        {requested && <p className="muted small">{requested}</p>}
      </div>
      {findings.length > 0 && (
        <ul className="finding-list" aria-label="What the privacy check found">
          {findings.map((f) => (
            <li key={`${f.start}-${f.end}-${f.entityType}`} className={`finding ${f.action}`}>
              <span className="finding-chip" title={f.explanation}>
                {chipLabel(f.entityType)} <span className="finding-action">{ACTION_WORD[f.action]}</span>
              </span>
              {markOffered(f.entityType, channelClass) && f.action !== 'allow' && (
                <button
                  type="button"
                  className="link-button"
                  disabled={!current}
                  aria-label={`Mark this ${readableType(f.entityType)} as not personal data`}
                  onClick={() => setMarking(f)}
                >
                  Not personal data
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {marking && (
        <MarkDialog
          channelId={channelId}
          channelTitle={channelTitle}
          text={forText}
          finding={marking}
          onClose={() => setMarking(null)}
          onDone={(status) => {
            setMarking(null);
            setRequested(status === 'pending' ? 'Mark requested: the value stays protected until a privacy officer approves it.' : null);
            onMarked();
          }}
        />
      )}
    </div>
  );
}

function MarkDialog(props: {
  channelId: string;
  channelTitle: string;
  text: string;
  finding: AnalyzeFinding;
  onClose: () => void;
  onDone: (status: 'pending' | 'active') => void;
}) {
  const { finding: f, text } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const r = await protectApi.mark(props.channelId, text, f.start, f.end);
      props.onDone(r.mark.status);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <Dialog title="Mark as not personal data?" onClose={props.onClose}>
      <div className="form">
        <p>
          The privacy check found a {readableType(f.entityType)}: <code className="mark-value">{text.slice(f.start, f.end)}</code>
        </p>
        <p>
          If it is not anyone's personal data (e.g. a test address or a product code), ask for it to be sent as typed — only this
          exact value, only in {props.channelTitle}. A privacy officer must approve the request first; until then the value stays
          protected. Your request is recorded in the audit log.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={props.onClose} autoFocus data-autofocus>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
            Mark as not personal data
          </button>
        </div>
      </div>
    </Dialog>
  );
}

/** A refused send: what the server said and where. */
export interface BlockedSend {
  /** The text that was refused (offsets refer to it). */
  text: string;
  message: string;
  hint: string | null;
  /** What the server offers beside the hint (`create_private_channel`: open the create-channel dialog). */
  action?: string;
  findings: BlockedFinding[];
}

/** Shows a `422 personal_data_blocked` answer; highlights only while the text is unchanged. */
export function BlockedNotice({ blocked, text, id }: { blocked: BlockedSend; text: string; id: string }) {
  const same = blocked.text === text;
  return (
    <div className="blocked-notice" role="alert" id={id}>
      <p className="blocked-message">
        <strong>Not sent.</strong> {blocked.message}
      </p>
      {blocked.hint && (
        <p className="blocked-hint">
          {blocked.hint}{' '}
          {blocked.action === 'create_private_channel' && (
            <button type="button" className="link-button" onClick={requestCreatePrivateChannel}>
              Create a private channel
            </button>
          )}
        </p>
      )}
      {same && blocked.findings.length > 0 && (
        <p className="blocked-text" aria-label="Your message with the refused parts marked">
          {highlightPieces(text, blocked.findings).map((p, i) =>
            p.entityType ? (
              <mark key={i} title={p.entityType}>
                {p.text}
                <span className="mark-type">{p.entityType}</span>
              </mark>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </p>
      )}
    </div>
  );
}
