import * as Comlink from 'comlink';
import type { LayerWorker } from './layer-worker.ts';

let worker: Comlink.Remote<LayerWorker> | undefined;

/** One shared worker for parsing and preparing layers; started on first use. */
export function layerWorker(): Comlink.Remote<LayerWorker> {
  worker ??= Comlink.wrap<LayerWorker>(new Worker(new URL('./layer-worker.ts', import.meta.url), { type: 'module', name: 'layers' }));
  return worker;
}
