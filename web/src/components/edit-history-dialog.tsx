/** Earlier versions of an edited message (`GET /api/v1/messages/:id/history`), oldest first as served. */
import { useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { messagesApi } from '../api/endpoints.ts';
import type { MessageVersion } from '../api/types.ts';
import { Dialog } from './dialog.tsx';
import { MessageText } from './message-text.tsx';

/** Props of {@link EditHistoryDialog}. */
export interface EditHistoryDialogProps {
  messageId: string;
  onClose: () => void;
}

/** Dialog listing a message's versions. */
export function EditHistoryDialog({ messageId, onClose }: EditHistoryDialogProps) {
  const [versions, setVersions] = useState<MessageVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    messagesApi
      .history(messageId)
      .then((r) => setVersions(r.versions))
      .catch((err: unknown) => setError(errorText(err)));
  }, [messageId]);
  return (
    <Dialog title="Edit history" onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {versions === null && !error && <p className="muted">Loading…</p>}
      <ol className="plain-list versions">
        {versions?.map((v, i) => (
          <li key={i} className="person-row version">
            <MessageText text={v.text} entities={v.entities} />
            <span className="muted small">{v.editedAt ? new Date(v.editedAt).toLocaleString() : 'original'}</span>
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
