/**
 * The files of a message: "Processing…" while the server works on them, a thumbnail once ready
 * (a blurred one, with a justified reveal, when the image shows personal data or faces), "Removed for
 * review" for a quarantined file, and a short notice for a blocked one. A revealed image is kept
 * in memory (an object URL) for one minute, never cached.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { errorText } from '../../api/client.ts';
import { fileUrl, revealFile } from '../../api/files.ts';
import type { FileInfo } from '../../api/types.ts';
import { Dialog } from '../dialog.tsx';

/** How long a revealed image stays shown, ms. */
export const REVEAL_MS = 60_000;
const MIN_JUSTIFICATION = 12;

/** What a blurred image hides, for its label: `shows personal data`, `faces`, or both. */
export function blurLabel(file: Pick<FileInfo, 'blurReasons'>): string {
  const r = file.blurReasons ?? ['text'];
  const parts = [...(r.includes('text') ? ['shows personal data'] : []), ...(r.includes('face') ? ['faces'] : [])];
  return parts.length > 0 ? parts.join(', ') : 'shows personal data';
}

/** Human size: `12 KB`, `3.4 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function RevealFileDialog({ file, onRevealed, onClose }: { file: FileInfo; onRevealed: (url: string) => void; onClose: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (text.trim().length < MIN_JUSTIFICATION) return;
    setBusy(true);
    setError(null);
    try {
      const blob = await revealFile(file.id, text.trim());
      onRevealed(URL.createObjectURL(blob));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const short = text.trim().length < MIN_JUSTIFICATION;
  return (
    <Dialog title="Reveal image" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p>
          This image is blurred ({blurLabel(file)}). Say why you need to see it; the reveal is recorded in the audit log and shown for one minute.
          {file.blurReasons?.includes('face') ? ' Faces are shown only in case rooms.' : ''}
        </p>
        <label htmlFor={id}>Justification</label>
        <textarea id={id} data-autofocus value={text} onChange={(e) => setText(e.target.value)} maxLength={500} rows={3} />
        <p className="muted small">{short ? `At least ${MIN_JUSTIFICATION} characters.` : 'Ready.'}</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={short || busy}>
            Reveal
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** One attachment. */
export function FileAttachment({ file }: { file: FileInfo }) {
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  useEffect(() => {
    if (!revealed) return;
    const t = setTimeout(() => setRevealed(null), REVEAL_MS);
    return () => {
      clearTimeout(t);
      URL.revokeObjectURL(revealed);
    };
  }, [revealed]);

  if (file.status === 'processing') {
    return (
      <div className="file-card processing" data-file-status="processing" aria-busy="true">
        <span className="spinner" aria-hidden="true" /> Processing {file.name}…
      </div>
    );
  }
  if (file.status === 'quarantined') {
    return (
      <div className="file-card quarantined" data-file-status="quarantined" role="note">
        Removed for review
      </div>
    );
  }
  if (file.status === 'blocked') {
    return (
      <div className="file-card blocked" data-file-status="blocked" role="note">
        {file.name} could not be shared.
      </div>
    );
  }
  const src = revealed ?? fileUrl(file.id);
  const isImage = file.mime.startsWith('image/');
  return (
    <figure
      className={`file-card ready${file.blurred && !revealed ? ' blurred' : ''}`}
      data-file-status="ready"
      data-blurred={file.blurred ? 'true' : 'false'}
      data-blur-reasons={file.blurred ? (file.blurReasons ?? ['text']).join(' ') : undefined}
    >
      {isImage ? (
        <img className="file-thumb" src={src} alt={file.blurred && !revealed ? `${file.name} (blurred: ${blurLabel(file)})` : file.name} width={file.width} height={file.height} loading="lazy" />
      ) : null}
      <figcaption className="small">
        <a href={fileUrl(file.id)} download={file.name}>
          {file.name}
        </a>{' '}
        <span className="muted">{formatSize(file.size)}</span>
        {file.blurred && !revealed && (
          <button type="button" className="link-button" onClick={() => setAsking(true)}>
            Reveal image
          </button>
        )}
        {revealed && <span className="muted"> · revealed for one minute</span>}
      </figcaption>
      {asking && (
        <RevealFileDialog
          file={file}
          onClose={() => setAsking(false)}
          onRevealed={(url) => {
            setAsking(false);
            setRevealed(url);
          }}
        />
      )}
    </figure>
  );
}

/** The attachments of a message. */
export function FileAttachments({ files }: { files: readonly FileInfo[] }) {
  return (
    <div className="file-list">
      {files.map((f) => (
        <FileAttachment key={f.id} file={f} />
      ))}
    </div>
  );
}
