import * as Comlink from 'comlink';
import type { ImportWorker } from './import-worker.ts';

export interface ImportSession {
  worker: Comlink.Remote<ImportWorker>;
  /** Stops the import at once, mid-file if need be; nothing has been stored, so nothing is lost. */
  cancel(): void;
}

/** A worker per import, so that cancelling can simply end it. */
export function startImportSession(): ImportSession {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'import' });
  return { worker: Comlink.wrap<ImportWorker>(worker), cancel: () => worker.terminate() };
}
