import * as Comlink from 'comlink';
import type { RegionalWorker } from './regional-worker.ts';

let worker: Comlink.Remote<RegionalWorker> | undefined;

/** One shared worker for the regional view's figures; started on first use. */
export function regionalWorker(): Comlink.Remote<RegionalWorker> {
  worker ??= Comlink.wrap<RegionalWorker>(new Worker(new URL('./regional-worker.ts', import.meta.url), { type: 'module', name: 'regional' }));
  return worker;
}
