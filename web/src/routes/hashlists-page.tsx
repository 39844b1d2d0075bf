/**
 * Admin hash-lists page (`/hashlists`, admins only): import a list exported by Hasher-Matcher-Actioner
 * (CSV `signal_type,signal`) or a file of one PDQ / MD5 hash per line, with its PDQ threshold; see
 * the lists; delete one. A malformed file is refused whole, with the line numbers.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/client.ts';
import { hashListsApi, type HashList } from '../api/hashlists-endpoints.ts';
import { useChat } from '../state/store-context.ts';

/** The message for a failed import: the server's, plus the malformed lines it names. */
function importError(e: unknown): string {
  if (e instanceof ApiError && e.code === 'invalid_hash_list') {
    const lines = (e.details.lines as Array<{ line: number; message: string }> | undefined) ?? [];
    return [errorText(e), ...lines.map((l) => `line ${l.line}: ${l.message}`)].join('\n');
  }
  return errorText(e);
}

/** The hash-lists page. */
export function HashListsPage() {
  const { state } = useChat();
  const [lists, setLists] = useState<HashList[]>([]);
  const [name, setName] = useState('');
  const [threshold, setThreshold] = useState('31');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const nameId = useId();
  const fileId = useId();
  const thresholdId = useId();
  const load = useCallback(() => {
    hashListsApi
      .list()
      .then((r) => setLists(r.hashlists))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);
  if (state.me.role !== 'admin') return <p className="page">Only admins can manage hash lists.</p>;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!file) return;
    setError('');
    setStatus('');
    setBusy(true);
    try {
      const r = await hashListsApi.create(name.trim(), await file.text(), Number.parseInt(threshold, 10));
      setStatus(`Imported “${r.name}”: ${r.entries} hashes${r.duplicates ? ` (${r.duplicates} duplicates kept once)` : ''}.`);
      setName('');
      setFile(null);
      load();
    } catch (err) {
      setError(importError(err));
    } finally {
      setBusy(false);
    }
  }

  function remove(list: HashList): void {
    if (!window.confirm(`Delete the hash list “${list.name}” (${list.entries} hashes)? Uploads will no longer be matched against it.`)) return;
    setError('');
    hashListsApi
      .remove(list.id)
      .then(() => {
        setStatus(`“${list.name}” was deleted.`);
        load();
      })
      .catch((err: unknown) => setError(errorText(err)));
  }

  return (
    <section className="page" aria-label="Hash lists">
      <h1>Hash lists</h1>
      <p className="muted">
        Hashes of known illegal imagery. An upload whose PDQ hash is within a list&apos;s threshold, or whose MD5 / SHA-256 is on a list, is quarantined for the specialists and never
        delivered.
      </p>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <label htmlFor={nameId}>Name</label> <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="off" />{' '}
        <label htmlFor={fileId}>File (HMA CSV or one PDQ / MD5 hash per line)</label>{' '}
        <input id={fileId} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />{' '}
        <label htmlFor={thresholdId}>PDQ threshold (bits)</label>{' '}
        <input id={thresholdId} type="number" min={0} max={63} value={threshold} onChange={(e) => setThreshold(e.target.value)} required />{' '}
        <button type="submit" disabled={busy || !file}>
          {busy ? 'Importing…' : 'Import list'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert" style={{ whiteSpace: 'pre-line' }}>
          {error}
        </p>
      )}
      <p className="muted small" role="status">
        {status}
      </p>
      <table className="case-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Hashes</th>
            <th>PDQ threshold</th>
            <th>Imported</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lists.map((l) => (
            <tr key={l.id}>
              <td>{l.name}</td>
              <td>{l.entries.toLocaleString()}</td>
              <td>≤ {l.pdqThreshold}</td>
              <td>{new Date(l.createdAt).toLocaleString()}</td>
              <td>
                <button type="button" aria-label={`Delete ${l.name}`} onClick={() => remove(l)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {lists.length === 0 && !error && <p className="muted">No hash lists yet.</p>}
    </section>
  );
}
