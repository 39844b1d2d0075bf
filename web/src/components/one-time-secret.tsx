/** Shows a secret exactly once (temporary password, API token) with a copy button. */
import { useState } from 'react';

/** Props of {@link OneTimeSecret}. */
export interface OneTimeSecretProps {
  label: string;
  value: string;
  onDismiss: () => void;
}

/** A dismissible box holding a secret; it is not kept anywhere after dismissal. */
export function OneTimeSecret({ label, value, onDismiss }: OneTimeSecretProps) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret" role="status">
      <p>
        <strong>{label}</strong> — shown only once; copy it now.
      </p>
      <code className="secret-value" data-testid="secret-value">
        {value}
      </code>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(value)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
