import { useState } from 'react';

interface Props {
  error: unknown;
  onExport: () => Promise<void>;
  onReset: () => Promise<void>;
}

/** Shown when the stored workspace cannot be opened: first save what can be read, then start again. */
export function RecoveryScreen({ error, onExport, onReset }: Props) {
  const [status, setStatus] = useState('');
  const [confirming, setConfirming] = useState(false);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);

  const run = async (action: () => Promise<void>, done: string) => {
    try {
      await action();
      setStatus(done);
    } catch (failure) {
      setStatus(`That did not work: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  };

  return (
    <main className="recovery" aria-labelledby="recovery-heading">
      <h1 id="recovery-heading">The workspace in this browser cannot be opened</h1>
      <p>
        NRD Planner keeps its data in this browser's storage (IndexedDB). That data could not be read, perhaps because it
        was damaged or written by a newer version of the app.
      </p>
      <p className="recovery__error">
        <strong>What went wrong:</strong> <code>{message}</code>
      </p>
      <ol>
        <li>
          <p>Save a copy of everything that can still be read (a JSON file), to keep or to send to your ANPR manager.</p>
          <button type="button" onClick={() => run(onExport, 'A copy of the readable data has been downloaded.')}>
            Export what can be read
          </button>
        </li>
        <li>
          <p>Then reset: this deletes the stored workspace and starts again with the sample workspace.</p>
          {confirming ? (
            <p>
              <button type="button" className="danger" onClick={() => run(onReset, 'Resetting…')}>
                Yes, delete the stored data and reset
              </button>{' '}
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </p>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              Reset the database…
            </button>
          )}
        </li>
      </ol>
      <p role="status" aria-live="polite">
        {status}
      </p>
    </main>
  );
}
