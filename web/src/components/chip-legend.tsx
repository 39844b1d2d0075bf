/**
 * "What do the grey boxes mean?" — the chip legend (issue 12): what a chip is, what pressing it
 * does, and each kind of personal data in words with its icon.
 */
import { useState } from 'react';
import { entityLegend } from '../lib/entity-words.ts';
import { Dialog } from './dialog.tsx';

/** A small button in the channel header that opens the legend. */
export function ChipLegendButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="legend-button" onClick={() => setOpen(true)}>
        About protected items
      </button>
      {open && <ChipLegend onClose={() => setOpen(false)} />}
    </>
  );
}

/** The legend dialog. */
export function ChipLegend({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Protected items" onClose={onClose}>
      <div className="legend">
        <p>
          Personal data in a message — an e-mail address, a phone number, a name from a case — is replaced by a{' '}
          <span className="chip legend-sample" aria-hidden="true">
            <span className="chip-icon">✉️</span>
            <span className="chip-label">E-mail address</span>
          </span>{' '}
          box before anyone sees it. The value itself is locked away.
        </p>
        <p>
          Press a box to see the value for 60 seconds: you give a reason, and the reveal is recorded. Grey boxes with a solid border
          cannot be revealed by you here; striped ones were erased for good.
        </p>
        <h3>Kinds of protected items</h3>
        <ul className="legend-list">
          {entityLegend().map((e) => (
            <li key={e.entityType}>
              <span aria-hidden="true">{e.icon}</span> {e.label}
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
