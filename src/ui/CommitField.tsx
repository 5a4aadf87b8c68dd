import { useId, useRef, useState, type ReactNode } from 'react';

interface Props {
  label: string;
  /** The stored value, shown whenever the field is not being edited. */
  value: string;
  /** Checks the typed text: an error message, or null when it may be saved. */
  validate?: (text: string) => string | null;
  /** Saves the typed text; called on Enter (Ctrl+Enter in a multi-line field) or on leaving the field, only if it changed and is valid. */
  onCommit: (text: string) => void;
  /** Called when editing starts, so that the save is made against the record as it was then. */
  onBegin?: () => void;
  inputMode?: 'decimal' | 'numeric' | 'text';
  multiline?: boolean;
  hint?: ReactNode;
  unit?: string;
}

/**
 * A field that edits one value of a stored record: typing is kept locally, and the value is saved once,
 * when the user presses Enter or leaves the field; Escape puts the stored value back. While the field is
 * not being edited it shows what is stored, so a change saved in another tab appears in it.
 */
export function CommitField({ label, value, validate, onCommit, onBegin, inputMode, multiline, hint, unit }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const escaped = useRef(false);
  const error = draft !== null ? (validate?.(draft) ?? null) : null;
  const shown = draft ?? value;

  const begin = () => {
    if (draft === null) {
      onBegin?.();
      setDraft(value);
    }
  };
  const finish = () => {
    if (escaped.current) {
      escaped.current = false;
      return;
    }
    if (draft !== null && draft !== value && !error) onCommit(draft);
    if (!error) setDraft(null);
  };
  const common = {
    id,
    value: shown,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error || hint ? `${id}-note` : undefined,
    onFocus: begin,
    onChange: (event: { target: { value: string } }) => setDraft(event.target.value),
    onBlur: finish,
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === 'Escape' && draft !== null) {
        // Escape leaves the field as stored; it does not also close the panel.
        event.stopPropagation();
        escaped.current = true;
        setDraft(null);
        (event.target as HTMLElement).blur();
      } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!error) (event.target as HTMLElement).blur();
      }
    },
  };

  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field__input">
        {multiline ? <textarea rows={3} {...common} /> : <input type="text" inputMode={inputMode} {...common} />}
        {unit && <span className="field__unit">{unit}</span>}
      </div>
      {(error || hint) && (
        <p id={`${id}-note`} className={error ? 'field__error' : 'field__hint'}>
          {error ?? hint}
        </p>
      )}
    </div>
  );
}
