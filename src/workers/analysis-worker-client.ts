import * as Comlink from 'comlink';
import type { AnalysisWorker } from './analysis-worker.ts';

let worker: Comlink.Remote<AnalysisWorker> | undefined;

/** One shared worker for the register-wide figures; started on first use. */
export function analysisWorker(): Comlink.Remote<AnalysisWorker> {
  worker ??= Comlink.wrap<AnalysisWorker>(new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module', name: 'analysis' }));
  return worker;
}
