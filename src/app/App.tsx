import { useEffect, useState } from 'react';
import type { NrdDatabase } from '../store/database.ts';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';
import { RecoveryScreen } from '../ui/RecoveryScreen.tsx';
import { deleteDatabase, downloadBlob, exportReadableData } from './recovery.ts';
import { startUp } from './start-up.ts';
import { WorkspaceScreen } from './WorkspaceScreen.tsx';

type Boot = { state: 'starting'; message: string } | { state: 'ready'; db: NrdDatabase } | { state: 'failed'; error: unknown };

export function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'starting', message: 'Starting' });

  useEffect(() => {
    let cancelled = false;
    startUp((message) => !cancelled && setBoot({ state: 'starting', message })).then(
      (db) => (cancelled ? db.close() : setBoot({ state: 'ready', db })),
      (error: unknown) => !cancelled && setBoot({ state: 'failed', error }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const recovery = (error: unknown) => (
    <RecoveryScreen
      error={error}
      onExport={async () => downloadBlob(await exportReadableData(), `nrd-planner-recovered-${new Date().toISOString().slice(0, 10)}.json`)}
      onReset={async () => {
        if (boot.state === 'ready') boot.db.close();
        await deleteDatabase();
        location.reload();
      }}
    />
  );

  if (boot.state === 'starting') {
    return (
      <main className="start-up" aria-busy="true">
        <h1>NRD Planner</h1>
        <p role="status">{boot.message}…</p>
      </main>
    );
  }
  if (boot.state === 'failed') return recovery(boot.error);
  return (
    <ErrorBoundary fallback={recovery}>
      <WorkspaceScreen db={boot.db} />
    </ErrorBoundary>
  );
}
