import { useEffect, useId, useRef, type ReactNode } from 'react';

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

/** A modal <dialog>: the browser traps focus inside it and Escape cancels. */
export function ConfirmDialog({ title, confirmLabel, children, onConfirm, onCancel, tone = 'danger', focusCancel = true }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current!;
    element.showModal();
    return () => element.close();
  }, []);

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
