import { useEffect, useId, useRef, useState } from 'react';
import { LAYER_KINDS, type LayerKind } from '../domain/layer.ts';
import type { ImportJob } from '../io/import-plan.ts';
import type { ImportedSummary, ImportState } from '../app/use-import.ts';

interface Props {
  state: ImportState;
  onRun: (files: File[], jobs: ImportJob[], choices: Record<string, string>) => void;
  onCancel: () => void;
}

const count = new Intl.NumberFormat('en-GB');

/** Examples are for finding the row, not for reading a 1,000-character field in full. */
function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}…` : value;
}

function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function Progress({ state }: { state: Extract<ImportState, { step: 'running' }> }) {
  const { progress, startedAt } = state;
  const elapsed = (performance.now() - startedAt) / 1000;
  const fraction = progress && progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : 0;
  const rate = progress && elapsed > 0 ? progress.rowsRead / elapsed : 0;
  const remaining = fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction : null;
  return (
    <div>
      <label htmlFor="import-progress">{progress ? `Reading ${progress.file}` : 'Opening the files'}</label>
      <progress id="import-progress" max={1} value={fraction}>
        {Math.round(fraction * 100)}%
      </progress>
      <p role="status" aria-live="polite" className="hint">
        {progress
          ? `${count.format(progress.rowsRead)} rows · ${count.format(Math.round(rate))} rows/s${remaining === null ? '' : ` · about ${formatSeconds(remaining)} left`}`
          : 'Starting…'}
      </p>
    </div>
  );
}

function Plan({ state, onRun, onCancel }: { state: Extract<ImportState, { step: 'planned' }> } & Pick<Props, 'onRun' | 'onCancel'>) {
  const [jobs, setJobs] = useState(state.jobs);
  const unreadable = state.planned.filter((file) => file.driverId === null);
  const setKind = (index: number, kind: LayerKind | null) => setJobs((current) => current.map((job, i) => (i === index ? { ...job, kind } : job)));
  const setName = (index: number, layerName: string) => setJobs((current) => current.map((job, i) => (i === index ? { ...job, layerName } : job)));
  const setDriver = (index: number, driverId: string) => setJobs((current) => current.map((job, i) => (i === index ? { ...job, driverId } : job)));
  return (
    <>
      <p>These files will become {jobs.length === 1 ? 'this import' : `these ${jobs.length} imports`}:</p>
      <ul className="import-plan">
        {jobs.map((job, i) => {
          const intoRegister = state.planned[job.fileIndexes[0]!]!.candidates.find((c) => c.driverId === job.driverId)?.readsInto === 'register';
          return (
          <li key={i}>
            {intoRegister ? (
              <strong>Into the NRD register</strong>
            ) : (
              <>
                <label>
                  Layer name <input value={job.layerName} onChange={(e) => setName(i, e.target.value)} />
                </label>{' '}
                <label>
                  Kind{' '}
                  <select value={job.kind ?? ''} onChange={(e) => setKind(i, (e.target.value || null) as LayerKind | null)}>
                    <option value="">as the file says</option>
                    {LAYER_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {kind}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
            <label>
              Read as{' '}
              <select value={job.driverId} onChange={(e) => setDriver(i, e.target.value)}>
                {state.planned[job.fileIndexes[0]!]!.candidates.map((candidate) => (
                  <option key={candidate.driverId} value={candidate.driverId}>
                    {candidate.label}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint">
              {job.fileIndexes.map((f) => state.planned[f]!.name).join(', ')}
              {job.companionIndexes.length > 0 && `, joined to ${job.companionIndexes.map((f) => state.planned[f]!.name).join(', ')}`}
              {intoRegister && ': sites for the register (references it already holds are reported, not overwritten). Choose "Point CSV" to show the file as a map layer instead.'}
            </p>
          </li>
          );
        })}
      </ul>
      {unreadable.length > 0 && (
        <p className="notice" role="alert">
          Not recognised, so not imported: {unreadable.map((file) => file.name).join(', ')}. NRD Planner reads police.uk crime CSVs,
          point CSVs (longitude/latitude or BNG easting/northing), DfT traffic counts, LSOA population tables, GeoJSON, TopoJSON and
          zipped shapefiles.
        </p>
      )}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={jobs.length === 0} onClick={() => onRun(state.files, jobs, {})}>
          Import
        </button>
      </div>
    </>
  );
}

function Question({ state, onRun, onCancel }: { state: Extract<ImportState, { step: 'question' }> } & Pick<Props, 'onRun' | 'onCancel'>) {
  const [answer, setAnswer] = useState(state.question.options[0]?.value ?? '');
  const groupId = useId();
  return (
    <>
      <fieldset>
        <legend id={groupId}>
          {state.question.file}: {state.question.prompt}
        </legend>
        {state.question.options.map((option) => (
          <label key={option.value} className="toggle">
            <input type="radio" name={groupId} value={option.value} checked={answer === option.value} onChange={() => setAnswer(option.value)} />
            {option.label}
          </label>
        ))}
      </fieldset>
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onCancel}>
          Cancel the import
        </button>
        <button type="button" className="primary" onClick={() => onRun(state.files, state.jobs, { ...state.choices, [state.question.id]: answer })}>
          Continue
        </button>
      </div>
    </>
  );
}

function summary(imported: ImportedSummary[]): string {
  const layers = imported.filter((layer) => layer.kind !== 'register');
  const registers = imported.filter((layer) => layer.kind === 'register');
  return [
    ...(layers.length > 0
      ? [`Imported ${layers.length === 1 ? '1 layer' : `${layers.length} layers`}: ${layers.map((layer) => `${layer.layerName} (${count.format(layer.count)} ${layer.kind === 'crime' ? 'crimes' : 'features'})`).join('; ')}.`]
      : []),
    ...registers.map((register) => `Imported ${count.format(register.count)} ${register.count === 1 ? 'site' : 'sites'} into the NRD register from ${register.layerName}.`),
  ].join(' ');
}

function Report({ state, onClose }: { state: Extract<ImportState, { step: 'done' }>; onClose: () => void }) {
  return (
    <>
      <p role="status">{summary(state.layers)}</p>
      {state.layers.flatMap((layer) =>
        layer.reports.map((report) => (
          <section key={`${layer.layerName}/${report.file}`} className="import-report">
            <h3>{report.file}</h3>
            <p>
              {count.format(report.rowsRead)} read, {count.format(report.rowsImported)} imported, {count.format(report.rowsRead - report.rowsImported)} not imported.
            </p>
            {report.rejected.length > 0 && (
              <table>
                <caption className="visually-hidden">Rows not imported from {report.file}</caption>
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">Rows</th>
                    <th scope="col">First examples (row, column, value)</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((group) => (
                    <tr key={group.reason}>
                      <td>{group.reason}</td>
                      <td>{count.format(group.count)}</td>
                      <td>{group.examples.map((e) => `row ${e.row}${e.column ? `, ${e.column}` : ''}${e.value ? ` "${shorten(e.value)}"` : ''}`).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )),
      )}
      <div className="confirm-dialog__actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </>
  );
}

const TITLES: Record<ImportState['step'], string> = {
  idle: '',
  planning: 'Looking at the files',
  planned: 'Import files',
  running: 'Importing',
  question: 'A question about the file',
  failed: 'The import did not work',
  done: 'Import report',
};

/** Every step of an import in one modal dialog; Escape cancels whatever is under way. */
export function ImportDialog({ state, onRun, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const open = state.step !== 'idle';

  useEffect(() => {
    const element = dialog.current!;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog import-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{TITLES[state.step]}</h2>
      {state.step === 'planning' && <p role="status">Recognising {state.files.length === 1 ? 'the file' : `${state.files.length} files`}…</p>}
      {state.step === 'planned' && <Plan state={state} onRun={onRun} onCancel={onCancel} />}
      {state.step === 'running' && (
        <>
          <Progress state={state} />
          <div className="confirm-dialog__actions">
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
      {state.step === 'question' && <Question state={state} onRun={onRun} onCancel={onCancel} />}
      {state.step === 'failed' && (
        <>
          <p role="alert" className="import-error">
            {state.message}
          </p>
          <p>Nothing was imported and the workspace is as it was.</p>
          <div className="confirm-dialog__actions">
            <button type="button" onClick={onCancel} autoFocus>
              Close
            </button>
          </div>
        </>
      )}
      {state.step === 'done' && <Report state={state} onClose={onCancel} />}
    </dialog>
  );
}
