import * as Comlink from 'comlink';
import highsWasmUrl from 'highs/runtime?url';
import { prepareAnalysisInputs, type AnalysisInputs, type AnalysisLayer } from '../analysis/site-figures.ts';
import { placementPlan, type PlacementRequest, type PlanCache, type PlanLayer, type PlanProgress } from '../analysis/placement-plan.ts';
import type { PointFilter } from '../analysis/point-filter.ts';

let inputs: AnalysisInputs | null = null;
let layers: PlanLayer[] = [];
const cache: { current: PlanCache | null } = { current: null };

/**
 * The placement optimiser off the main thread: the layers are prepared once, then each run counts the
 * candidates' coverage and solves. Cancelling ends the worker (client), so nothing here checks for it.
 */
const placementWorker = {
  prepare(all: AnalysisLayer[], filters: Record<string, PointFilter | undefined>): void {
    // The same layers the site figures are counted from, so a suggestion's figures match its site panel's.
    inputs = prepareAnalysisInputs(all.filter(({ layer }) => layer.kind !== 'boundary' && layer.kind !== 'other'), filters);
    layers = all.map(({ layer, data }) => ({ id: layer.id, name: layer.name, data }));
    cache.current = null;
  },
  plan(request: PlacementRequest, onProgress: PlanProgress) {
    if (!inputs) throw new Error('The layers are not ready yet.');
    return placementPlan(request, inputs, layers, cache, onProgress, { wasmUrl: highsWasmUrl });
  },
};
export type PlacementWorker = typeof placementWorker;

Comlink.expose(placementWorker);
