import { useId, type ReactNode } from 'react';
import { useModalDialog } from './use-modal-dialog.ts';

interface Props {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  /** Danger for what cannot be undone; primary for a step that can. */
  tone?: 'danger' | 'primary';
  /** Focus goes to Cancel unless the dialog asks for something first (a form field with autoFocus). */
  focusCancel?: boolean;
}

/** A modal confirmation: Escape or Cancel cancels. */
export function ConfirmDialog({ title, confirmLabel, children, onConfirm, onCancel, tone = 'danger', focusCancel = true }: Props) {
  const dialog = useModalDialog();
  const titleId = useId();


  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onCancel} autoFocus={focusCancel}>
          Cancel
        </button>
        <button type="button" className={tone} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
