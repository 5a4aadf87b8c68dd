import type { SiteEditing } from '../app/use-site-editing.ts';
import { SITE_FIELD_LABELS, type Site } from '../domain/site.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const KEY = isMac ? '⌘' : 'Ctrl+';

function shown(site: Site, field: keyof Site): string {
  const value = site[field];
  if (field === 'lon' || field === 'lat') return `${site.lat.toFixed(6)}, ${site.lon.toFixed(6)}`;
  if (field === 'statusHistory') return `${site.status}, ${site.statusHistory.length} changes recorded`;
  return value === null || value === '' ? '(empty)' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Undo and redo, what was last done, and what to do when a save met another tab's edit. */
export function EditToolbar({ editing }: { editing: SiteEditing }) {
  const { undoLabel, redoLabel, problem } = editing;
  return (
    <div className="edit-toolbar">
      <button type="button" onClick={editing.undo} disabled={!undoLabel} aria-keyshortcuts={isMac ? 'Meta+Z' : 'Control+Z'} title={undoLabel ? `Undo: ${undoLabel} (${KEY}Z)` : 'Nothing to undo'}>
        Undo
      </button>
      <button
        type="button"
        onClick={editing.redo}
        disabled={!redoLabel}
        aria-keyshortcuts={isMac ? 'Meta+Shift+Z' : 'Control+Shift+Z'}
        title={redoLabel ? `Redo: ${redoLabel} (${KEY}Shift+Z)` : 'Nothing to redo'}
      >
        Redo
      </button>
      <p className="edit-toolbar__status" role="status" aria-live="polite">
        {problem?.kind === 'error' ? '' : (editing.lastAction ?? '')}
      </p>
      {problem?.kind === 'error' && (
        <p className="edit-toolbar__error" role="alert">
          {problem.message}{' '}
          <button type="button" onClick={editing.dismissProblem}>
            Dismiss
          </button>
        </p>
      )}
      {problem?.kind === 'conflict' && (
        <ConfirmDialog
          title={`${problem.conflict.reference} was changed in another tab`}
          confirmLabel="Save mine over theirs"
          onConfirm={problem.overwrite}
          onCancel={problem.discard}
        >
          <p>{problem.conflict.message}</p>
          {problem.conflict.current && problem.conflict.fields.length > 0 && (
            <table className="conflict-table">
              <caption className="visually-hidden">What the other tab saved</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Saved by the other tab</th>
                </tr>
              </thead>
              <tbody>
                {problem.conflict.fields.map((field) => (
                  <tr key={field}>
                    <th scope="row">{SITE_FIELD_LABELS[field] ?? field}</th>
                    <td>{shown(problem.conflict.current!, field)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Cancel keeps what the other tab saved and drops your change to “{problem.label}”. “Save mine over theirs” puts your change in place of theirs.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
