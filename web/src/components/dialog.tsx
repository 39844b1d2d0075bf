/**
 * Modal dialog on the native `<dialog>` element: `showModal()` gives the focus trap, the
 * inert background and Escape-to-close (the `cancel` event) for free. The control marked
 * `data-autofocus` gets the focus when the dialog opens (else the first control does).
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Props of {@link Dialog}. */
export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Extra class on the `<dialog>`, e.g. `wide`. */
  className?: string;
}

/** A modal dialog, open while mounted. */
export function Dialog({ title, onClose, children, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!el.open) el.showModal();
    // React's `autoFocus` runs while the dialog is still closed (so it does nothing) and
    // showModal() then focuses the first control (Close): move focus to the marked field.
    el.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      closeRef.current();
    };
    el.addEventListener('cancel', onCancel);
    // Escape in a search box would only clear it (no `cancel`): it closes the dialog as anywhere else.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !(e.target instanceof HTMLInputElement) || e.target.type !== 'search') return;
      e.preventDefault();
      closeRef.current();
    };
    el.addEventListener('keydown', onKey);
    // A focused control removed from the dialog (a row that went away) would drop focus to the
    // page body: bring it back into the dialog, to the marked field or the first control.
    const keep = new MutationObserver(() => {
      if (!el.open || (document.activeElement && document.activeElement !== document.body)) return;
      (el.querySelector<HTMLElement>('[data-autofocus]') ?? el.querySelector<HTMLElement>('.dialog-body input, .dialog-body textarea, .dialog-body select, .dialog-body button') ?? el.querySelector<HTMLElement>('button'))?.focus();
    });
    keep.observe(el, { childList: true, subtree: true });
    return () => {
      keep.disconnect();
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('cancel', onCancel);
      if (el.open) el.close();
      // Back to the control that opened the dialog; if it is gone, to the main area, never the body.
      if (opener?.isConnected) opener.focus();
      else document.getElementById('main')?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog ${className ?? ''}`} aria-labelledby={titleId}>
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
