/**
 * "Who saw what" for one protected item, opened from its chip by a privacy officer (issue 12):
 * every reveal attempt of the chip's token (`GET /audit/who-saw?token`), with names and UTC times.
 * The token stays in memory: it is neither shown nor put in the page.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import type { AuditEvent } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import { readableType } from '../../lib/privacy-text.ts';
import { useChat } from '../../state/store-context.ts';
import { Dialog } from '../dialog.tsx';
import { AuditTable } from './audit-format.tsx';

/** Props of {@link WhoSawDialog}. */
export interface WhoSawDialogProps {
  token: string;
  entityType: string;
  onClose: () => void;
}

/** The dialog. */
export function WhoSawDialog({ token, entityType, onClose }: WhoSawDialogProps) {
  const { state } = useChat();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    officerApi.whoSaw({ token }).then(
      (r) => live && setEvents(r.events),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => void (live = false);
  }, [token]);

  const granted = events?.filter((e) => e.outcome === 'success').length ?? 0;
  return (
    <Dialog title={`Who saw this ${readableType(entityType)}`} onClose={onClose} className="wide">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="muted small">
        {events === null && !error
          ? 'Loading…'
          : events?.length === 0
            ? 'Nobody asked to reveal it.'
            : events
              ? `${events.length} reveal attempt${events.length === 1 ? '' : 's'}, ${granted} granted.`
              : ''}
      </p>
      {events && events.length > 0 && <AuditTable events={events} state={state} caption="Reveal attempts of this item" tokenLinks={false} />}
    </Dialog>
  );
}
