import { useId, useState, type ReactNode } from 'react';
import { useModalDialog } from '../use-modal-dialog.ts';
import { RECORD_KIND_LABELS, type RecordContent, type RecordKind, type RecordVersionOf } from '../../domain/procedure-record.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';

/** The step that records an outcome and moves the site's lifecycle: a decision or an annual review. */
export interface Conclusion<K extends RecordKind> {
  /** The button's words for this content ("Record decision: approve BANES-P01"), or null while no outcome follows from it. */
  label: (content: RecordContent<K>) => string | null;
  /** What recording the outcome will do to the site, said before it is done. */
  effect: (content: RecordContent<K>) => string;
}

interface Props<K extends RecordKind> {
  kind: K;
  /** What the record is about: a site ("BANES-P01 Wellsway") or an area. */
  subject: string;
  /** Every version of the record, oldest first; empty for a new record. */
  versions: RecordVersionOf<K>[];
  /** The content a new record starts from (prefilled from the figures); ignored once versions exist. */
  initial: RecordContent<K>;
  userName: string;
  missing: (content: RecordContent<K>) => string[];
  form: (content: RecordContent<K>, change: (content: RecordContent<K>) => void, readOnly: boolean) => ReactNode;
  conclusion?: Conclusion<K>;
  /** True once the record's outcome was recorded: it is then shown, never changed. */
  concluded?: boolean;
  /** Problems "verify history" found in this record's versions, by version number. */
  problems: Map<number, string[]>;
  /** Saves a new version; resolves to why it was not saved, or null. */
  onSave: (content: RecordContent<K>, author: string, note: string, conclude: boolean) => Promise<string | null>;
  onClose: () => void;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * One procedure record in a modal: the form with the procedure's words beside each field, what is still
 * missing, and every saved version. Saving adds a version; no version is ever changed.
 */
export function RecordDialog<K extends RecordKind>({ kind, subject, versions, initial, userName, missing, form, conclusion, concluded = false, problems, onSave, onClose }: Props<K>) {
  const dialog = useModalDialog();
  const id = useId();
  const latest = versions.at(-1);
  const [content, setContent] = useState<RecordContent<K>>(() => (latest ? (latest.content as RecordContent<K>) : initial));
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const [author, setAuthor] = useState(userName);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState<'discard' | 'conclude' | null>(null);
  const [dirty, setDirty] = useState(false);


  const viewing = shownVersion === null ? null : versions.find((version) => version.version === shownVersion);
  const readOnly = concluded || viewing !== undefined && viewing !== null;
  const shown = viewing ? (viewing.content as RecordContent<K>) : content;
  const stillMissing = missing(content);
  const concludeLabel = conclusion && !concluded ? conclusion.label(content) : null;

  const change = (next: RecordContent<K>) => {
    setContent(next);
    setDirty(true);
    setError(null);
  };
  const save = async (conclude: boolean) => {
    setSaving(true);
    const refused = await onSave(content, author, note, conclude);
    setSaving(false);
    setConfirming(null);
    setError(refused);
    if (!refused) {
      setDirty(false);
      setNote('');
      if (conclude) onClose();
    }
  };
  const close = () => (dirty ? setConfirming('discard') : onClose());

  return (
    <dialog
      ref={dialog}
      className="record-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        if (!confirming) close();
      }}
    >
      <header className="record-dialog__header">
        <h2 id={`${id}-title`}>
          {RECORD_KIND_LABELS[kind]}: {subject}
        </h2>
        <p className="hint">
          {latest ? `Version ${latest.version}, saved by ${latest.author} on ${when(latest.savedAt)}.` : 'New record: nothing saved yet.'}
          {concluded && ' The outcome is recorded: this record is kept as it is.'}
        </p>
        <button type="button" className="icon-button" onClick={close} aria-label="Close the record">
          ×
        </button>
      </header>
      <div className="record-dialog__body">
        <form
          className="record-form"
          aria-label={`${RECORD_KIND_LABELS[kind]} form`}
          onSubmit={(event) => event.preventDefault()}
        >
          {viewing && (
            <p className="notice" role="status">
              Showing version {viewing.version} as saved by {viewing.author} on {when(viewing.savedAt)}.{' '}
              <button type="button" onClick={() => setShownVersion(null)}>
                Back to the current version
              </button>
            </p>
          )}
          {form(shown, change, readOnly)}
        </form>
        <aside className="record-dialog__side" aria-label="Record status and history">
          <h3>Still missing</h3>
          {stillMissing.length === 0 ? (
            <p className="record-complete">Nothing: every step the procedure names is answered.</p>
          ) : (
            <ul className="record-missing">
              {stillMissing.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
          <h3>History</h3>
          {versions.length === 0 ? (
            <p className="hint">No versions yet.</p>
          ) : (
            <ol className="record-history" reversed aria-label="Versions, newest first">
              {[...versions].reverse().map((version) => {
                const found = problems.get(version.version) ?? [];
                return (
                  <li key={version.versionId} className={found.length > 0 ? 'record-history__tampered' : undefined}>
                    <button type="button" className="link-button" aria-pressed={shownVersion === version.version} onClick={() => setShownVersion(version.version)}>
                      Version {version.version}
                    </button>
                    <span>
                      {when(version.savedAt)} · {version.author}
                    </span>
                    {version.note && <span className="record-history__note">{version.note}</span>}
                    <span className="record-history__hash" title={`SHA-256 ${version.hash}`}>
                      SHA-256 {version.hash.slice(0, 12)}…
                    </span>
                    {found.map((problem) => (
                      <span key={problem} className="record-history__problem" role="alert">
                        {problem}
                      </span>
                    ))}
                  </li>
                );
              })}
            </ol>
          )}
        </aside>
      </div>
      {!concluded && (
        <footer className="record-dialog__footer">
          <div className="record-dialog__who">
            <label htmlFor={`${id}-author`}>Your name</label>
            <input id={`${id}-author`} type="text" value={author} autoComplete="name" onChange={(event) => setAuthor(event.target.value)} />
            <label htmlFor={`${id}-note`}>{latest ? 'What changed, and why' : 'Note (optional)'}</label>
            <input id={`${id}-note`} type="text" value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          {error && (
            <p className="import-error" role="alert">
              {error}
            </p>
          )}
          <div className="confirm-dialog__actions">
            <button type="button" onClick={close}>
              Close
            </button>
            <button type="button" onClick={() => void save(false)} disabled={saving || !dirty || readOnly}>
              Save version {(latest?.version ?? 0) + 1}
            </button>
            {conclusion && (
              <button type="button" className="primary" disabled={saving || readOnly || concludeLabel === null || stillMissing.length > 0} onClick={() => setConfirming('conclude')}>
                {concludeLabel ?? 'Record the outcome'}
              </button>
            )}
          </div>
        </footer>
      )}
      {concluded && (
        <footer className="record-dialog__footer">
          <div className="confirm-dialog__actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </footer>
      )}
      {confirming === 'discard' && (
        <ConfirmDialog title="Discard your changes?" confirmLabel="Discard changes" onConfirm={onClose} onCancel={() => setConfirming(null)}>
          <p>Your changes to this record have not been saved as a version.</p>
        </ConfirmDialog>
      )}
      {confirming === 'conclude' && conclusion && concludeLabel && (
        <ConfirmDialog title={concludeLabel} confirmLabel={concludeLabel} tone="primary" focusCancel={false} onConfirm={() => void save(true)} onCancel={() => setConfirming(null)}>
          <p>{conclusion.effect(content)}</p>
          <p>The record is then kept as it is: no later version can change its outcome.</p>
        </ConfirmDialog>
      )}
    </dialog>
  );
}
