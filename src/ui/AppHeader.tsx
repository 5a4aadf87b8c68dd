import { useState, type ReactNode } from 'react';
import type { Workspace } from '../domain/workspace.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

interface Props {
  workspace: Workspace | undefined;
  busy: string | null;
  onResetToSample: () => Promise<void>;
  onStartEmpty: () => Promise<void>;
  /** Controls for the open workspace (undo and redo). */
  tools?: ReactNode;
}

type Pending = 'sample' | 'empty' | null;

export function AppHeader({ workspace, busy, onResetToSample, onStartEmpty, tools }: Props) {
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    const action = pending === 'sample' ? onResetToSample : onStartEmpty;
    setPending(null);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(`Nothing was changed: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  };

  return (
    <header className="app-header">
      <div className="app-header__title">
        <h1>NRD Planner</h1>
        <span className="app-header__workspace">{workspace?.name ?? 'No workspace'}</span>
        {workspace?.isSample && <span className="badge">Sample data · NRD sites are illustrative</span>}
      </div>
      <p className="app-header__marking">Handle workspace data as OFFICIAL-SENSITIVE</p>
      <div className="app-header__actions">
        {tools}
        <button type="button" onClick={() => setPending('sample')} disabled={busy !== null}>
          Reset to sample
        </button>
        <button type="button" onClick={() => setPending('empty')} disabled={busy !== null}>
          Start empty
        </button>
      </div>
      <p className="app-header__status" role="status" aria-live="polite">
        {busy ? `${busy}…` : error}
      </p>
      {pending && (
        <ConfirmDialog
          title={pending === 'sample' ? 'Reset to the sample workspace?' : 'Start an empty workspace?'}
          confirmLabel={pending === 'sample' ? 'Replace with the sample' : 'Start empty'}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          <p>This replaces the workspace “{workspace?.name}” in this browser, with all its sites, layers and procedure records. It cannot be undone.</p>
        </ConfirmDialog>
      )}
    </header>
  );
}
