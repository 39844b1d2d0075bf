/**
 * Policy editor (`GET/PUT /api/v1/privacy/policies`): a table of entity type × channel class
 * with allow / tokenize / block per cell. Each change is confirmed, saved on its own (the server
 * audits it as `policy.change`) and cells that differ from the default are marked.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import type { PolicyAction, PolicyCell, PolicyMatrix } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import type { ChannelClass } from '../../api/types.ts';
import { Dialog } from '../dialog.tsx';

const CLASS_LABEL: Record<ChannelClass, string> = { case_room: 'Case room', team: 'Team', broad: 'Broad' };

interface Pending {
  cell: PolicyCell;
  action: PolicyAction;
}

/** The policy editor view. */
export function PolicyEditor() {
  const [matrix, setMatrix] = useState<PolicyMatrix | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [saved, setSaved] = useState<string>('');

  useEffect(() => {
    officerApi
      .policies()
      .then(setMatrix)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  async function save(p: Pending): Promise<void> {
    setError(null);
    try {
      const { policy } = await officerApi.setPolicy(p.cell.class, p.cell.entityType, p.action);
      setMatrix((m) =>
        m && { ...m, policies: m.policies.map((c) => (c.class === policy.class && c.entityType === policy.entityType ? policy : c)) },
      );
      setSaved(`Saved: ${policy.entityType} in ${CLASS_LABEL[policy.class].toLowerCase()} channels is now "${policy.action}".`);
      setPending(null);
    } catch (err) {
      setError(errorText(err));
      setPending(null);
    }
  }

  if (!matrix)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p className="muted">Loading policies…</p>
    );
  const types = [...new Set(matrix.policies.map((p) => p.entityType))];
  const cell = (cls: ChannelClass, t: string) => matrix.policies.find((p) => p.class === cls && p.entityType === t);

  return (
    <section aria-labelledby="policy-h">
      <h2 id="policy-h">Policies</h2>
      <p className="muted small">
        What happens to each kind of personal data in each class of channel. Every change is recorded in the audit log. Cells
        that differ from the default are marked ●.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="small">
        {saved}
      </p>
      <table className="table policy-table">
        <caption className="sr-only">Policy per entity type and channel class</caption>
        <thead>
          <tr>
            <th scope="col">Entity type</th>
            {matrix.classes.map((c) => (
              <th scope="col" key={c}>
                {CLASS_LABEL[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {types.map((t) => (
            <tr key={t}>
              <th scope="row">
                <code>{t}</code>
              </th>
              {matrix.classes.map((cls) => {
                const c = cell(cls, t);
                if (!c) return <td key={cls} />;
                return (
                  <td key={cls} className={c.overridden ? 'overridden' : undefined}>
                    <select
                      aria-label={`${t} in ${CLASS_LABEL[cls]} channels`}
                      value={c.action}
                      className={`policy-${c.action}`}
                      onChange={(e) => setPending({ cell: c, action: e.target.value as PolicyAction })}
                    >
                      {matrix.actions.map((a) => (
                        <option key={a} value={a}>
                          {a}
                        </option>
                      ))}
                    </select>
                    {c.overridden && (
                      <span className="small muted" title={`Default: ${c.defaultAction}`}>
                        {' '}
                        ● default {c.defaultAction}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {pending && (
        <Dialog title="Change this policy?" onClose={() => setPending(null)}>
          <div className="form">
            <p>
              <code>{pending.cell.entityType}</code> in {CLASS_LABEL[pending.cell.class].toLowerCase()} channels: <strong>{pending.cell.action}</strong> →{' '}
              <strong>{pending.action}</strong>.
            </p>
            {pending.action === 'allow' && (
              <p className="error">With "allow", this data is stored and shown raw to everyone in such channels.</p>
            )}
            <p className="muted small">The change applies to messages sent from now on and is recorded in the audit log under your name.</p>
            <div className="row end">
              <button type="button" autoFocus data-autofocus onClick={() => setPending(null)}>
                Cancel
              </button>
              <button type="button" className="primary" onClick={() => void save(pending)}>
                Save change
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}
