/**
 * Attaching files to a channel: an "Attach" button, drag and drop onto the channel, and pasting an
 * image into the page. Each upload shows its progress; a refusal (e.g. 422 personal data in a
 * broad channel, naming the file) stays on screen until dismissed.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, errorText } from '../../api/client.ts';
import { uploadFile } from '../../api/files.ts';

interface Upload {
  key: number;
  name: string;
  progress: number;
  error: string | null;
}

/** Props of {@link UploadZone}. */
export interface UploadZoneProps {
  channelId: string;
  /** The area that accepts drops and pastes (the channel's messages and composer). */
  children: ReactNode;
  /** Told after each successful upload. */
  onUploaded?: () => void;
}

let nextKey = 1;

function refusal(name: string, err: unknown): string {
  if (err instanceof ApiError && err.code === 'personal_data_blocked') {
    const hint = typeof err.details.hint === 'string' ? ` ${err.details.hint}` : '';
    return `Not sent: ${err.message}${hint}`;
  }
  return `Not sent: ${name}: ${errorText(err)}`;
}

/** Wraps the channel view: drop and paste targets plus the attach button and upload list. */
export function UploadZone({ channelId, children, onUploaded }: UploadZoneProps) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const done = useRef(onUploaded);
  done.current = onUploaded;

  const send = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const key = nextKey++;
        const name = file.name || 'pasted image';
        setUploads((u) => [...u, { key, name, progress: 0, error: null }]);
        uploadFile(channelId, file, { onProgress: (p) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: p } : x))) })
          .then(() => {
            setUploads((u) => u.filter((x) => x.key !== key));
            done.current?.();
          })
          .catch((err: unknown) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, error: refusal(name, err) } : x))));
      }
    },
    [channelId],
  );

  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      e.preventDefault();
      send(files);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [send]);

  return (
    <div
      className={`upload-zone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        setDragging(false);
        send(Array.from(e.dataTransfer.files));
      }}
    >
      {children}
      <div className="upload-bar">
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          multiple
          hidden
          aria-label="Attach files"
          data-testid="file-input"
          onChange={(e) => {
            send(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
        <button type="button" onClick={() => input.current?.click()} aria-label="Attach a file">
          Attach
        </button>
        <span className="muted small">or drop or paste an image</span>
        {uploads.length > 0 && (
          <ul className="upload-list" aria-label="Uploads">
            {uploads.map((u) =>
              u.error ? (
                <li key={u.key} className="error" role="alert">
                  {u.error}{' '}
                  <button type="button" className="link-button" onClick={() => setUploads((all) => all.filter((x) => x.key !== u.key))}>
                    Dismiss
                  </button>
                </li>
              ) : (
                <li key={u.key}>
                  {u.name} <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} /> {Math.round(u.progress * 100)}%
                </li>
              ),
            )}
          </ul>
        )}
      </div>
    </div>
  );
}
