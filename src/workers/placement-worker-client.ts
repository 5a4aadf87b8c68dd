import * as Comlink from 'comlink';
import type { PlacementWorker } from './placement-worker.ts';

export interface PlacementSession {
  worker: Comlink.Remote<PlacementWorker>;
  /** Stops a run at once, mid-count or mid-solve: the worker is ended and its prepared layers with it. */
  end(): void;
}

export function startPlacementSession(): PlacementSession {
  const worker = new Worker(new URL('./placement-worker.ts', import.meta.url), { type: 'module', name: 'placement' });
  return { worker: Comlink.wrap<PlacementWorker>(worker), end: () => worker.terminate() };
}
