import { useId, useState } from 'react';
import type { BundleStep } from '../app/use-workspace-bundle.ts';
import type { ConflictChoice, ImportSummary } from '../store/workspace-bundle-store.ts';
import { useModalDialog } from './use-modal-dialog.ts';

interface Props {
  state: Exclude<BundleStep, { step: 'idle' }>;
  onApply: (choices: Record<string, ConflictChoice>) => void;
  onClose: () => void;
}

const CHOICE_LABELS: Record<ConflictChoice, string> = {
  'keep-both': 'Keep both',
  replace: 'Use the bundle’s',
  skip: 'Keep this browser’s',
};

function summaryLines(summary: ImportSummary): string[] {
  const counted = (what: string, parts: [number, string][]) => {
    const said = parts.filter(([count]) => count > 0).map(([count, how]) => `${count} ${how}`);
    return said.length > 0 ? `${what}: ${said.join(', ')}.` : null;
  };
  return [
    counted('Sites', [[summary.sitesAdded, 'added'], [summary.sitesReplaced, 'replaced'], [summary.sitesKeptBoth, 'kept both'], [summary.sitesSkipped, 'kept as they were'], [summary.sitesUnchanged, 'already the same']]),
    counted('Layers', [[summary.layersAdded, 'added'], [summary.layersReplaced, 'replaced'], [summary.layersKeptBoth, 'kept both'], [summary.layersSkipped, 'kept as they were'], [summary.layersUnchanged, 'already the same']]),
    counted('Procedure records', [[summary.recordsAdded, 'added'], [summary.recordsExtended, 'brought up to date'], [summary.recordsReplaced, 'replaced'], [summary.recordsSkipped, 'kept as they were'], [summary.recordsUnchanged, 'already the same']]),
    counted('Attached files', [[summary.attachmentsAdded, 'added'], [summary.attachmentsAlreadyStored, 'already here']]),
    ...summary.notes,
  ].filter((line): line is string => line !== null);
}

/** Opening a workspace bundle: why it was refused, what it would replace, or a choice for each clash. */
export function BundleDialog({ state, onApply, onClose }: Props) {
  const dialog = useModalDialog();
  const id = useId();
  const conflicts = state.step === 'plan' && state.plan.kind === 'merge' ? state.plan.conflicts : [];
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>(() => Object.fromEntries(conflicts.map((conflict) => [conflict.id, conflict.choices.includes('skip') ? 'skip' : conflict.choices[0]!])));
  const title =
    state.step === 'working' ? 'Workspace bundle' : state.step === 'refused' ? `${state.file} was not opened` : state.step === 'done' ? `Imported ${state.file}` : `Open ${state.file}`;
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog bundle-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        if (state.step !== 'working') onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {state.step === 'working' && <p role="status">{state.message}…</p>}
      {state.step === 'refused' && (
        <p className="import-error" role="alert">
          {state.message} Nothing in this browser was changed.
        </p>
      )}
      {state.step === 'done' && (
        <ul role="status">
          {summaryLines(state.summary).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {state.step === 'plan' && state.plan.kind === 'new-workspace' && (
        <p>
          The bundle holds the workspace “{state.bundle.workspace.name}” ({state.bundle.sites.length} sites, {state.bundle.layers.length} layers, {new Set(state.bundle.records.map((record) => record.recordId)).size} procedure
          records, exported {state.bundle.exportedAt.slice(0, 10)}).
          {state.plan.replaces ? ` Opening it replaces “${state.plan.replaces.name}” in this browser, with all its sites, layers and procedure records.` : ''}
        </p>
      )}
      {state.step === 'plan' && state.plan.kind === 'merge' && (
        <>
          <p>
            The bundle is of this workspace, “{state.bundle.workspace.name}”, exported {state.bundle.exportedAt.slice(0, 10)}. What only one side holds is kept;
            {conflicts.length === 0 ? ' nothing clashes.' : ` ${conflicts.length} ${conflicts.length === 1 ? 'item differs' : 'items differ'}: choose for each.`}
          </p>
          {conflicts.length > 0 && (
            <table className="conflict-table bundle-conflicts">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">In this browser</th>
                  <th scope="col">In the bundle</th>
                  <th scope="col">Keep</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((conflict) => (
                  <tr key={conflict.id}>
                    <th scope="row">
                      {conflict.label}
                      {conflict.differences.length > 0 && <span className="hint"> ({conflict.differences.join(', ')})</span>}
                    </th>
                    <td>{conflict.localSummary}</td>
                    <td>{conflict.bundleSummary}</td>
                    <td>
                      <fieldset className="bundle-choice">
                        <legend className="visually-hidden">Keep for {conflict.label}</legend>
                        {conflict.choices.map((choice) => (
                          <label key={choice}>
                            <input type="radio" name={`${id}-${conflict.id}`} checked={choices[conflict.id] === choice} onChange={() => setChoices((current) => ({ ...current, [conflict.id]: choice }))} />
                            {CHOICE_LABELS[choice]}
                          </label>
                        ))}
                      </fieldset>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <div className="confirm-dialog__actions">
        {state.step === 'plan' ? (
          <>
            <button type="button" onClick={onClose} autoFocus>
              Cancel
            </button>
            <button type="button" className={state.plan.kind === 'new-workspace' && state.plan.replaces ? 'danger' : 'primary'} onClick={() => onApply(choices)}>
              {state.plan.kind === 'new-workspace' ? (state.plan.replaces ? 'Replace and open' : 'Open') : 'Import'}
            </button>
          </>
        ) : (
          <button type="button" onClick={onClose} disabled={state.step === 'working'} autoFocus>
            Close
          </button>
        )}
      </div>
    </dialog>
  );
}
